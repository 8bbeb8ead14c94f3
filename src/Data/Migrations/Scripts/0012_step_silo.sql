-- The silo a project's running step was dispatched on: when membership declares that silo dead, its projects are
-- found here and their steps dispatched again at once, instead of after the step lease.
ALTER TABLE projects ADD COLUMN step_silo text;
CREATE INDEX ix_projects_step_silo ON projects (step_silo) WHERE step_silo IS NOT NULL;
