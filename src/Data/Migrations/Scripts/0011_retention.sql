-- Retention: a user may keep project data for less than the default (never more); ended projects are found by the
-- time they ended. purge_after (0005) marks projects to purge as soon as they end (a user who asked to be forgotten).
ALTER TABLE users ADD COLUMN retention_days integer CHECK (retention_days BETWEEN 0 AND 3650);
CREATE INDEX ix_projects_ended ON projects (completed_at) WHERE purged_at IS NULL AND completed_at IS NOT NULL;
