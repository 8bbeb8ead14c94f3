-- A project's history is a chain of bundles instead of one bundle rewritten on every commit: the link at
-- history_seq 0 (name 'history.bundle', as before) is a full bundle, and each later link holds the commits after
-- prerequisite_commit_id, the head (commit_id) of the link before it. Rows written before this migration are full
-- bundles: they become the first link. Rows without a sequence (loaded from an older dump) count as 0 in the code.
ALTER TABLE project_files
    ADD COLUMN history_seq integer,
    ADD COLUMN prerequisite_commit_id text;

UPDATE project_files SET history_seq = 0 WHERE kind = 'repository_bundle' AND history_seq IS NULL;

-- Two silos racing after a failover both try to append the same next link: one of them must lose.
CREATE UNIQUE INDEX ux_project_files_history ON project_files (project_id, (COALESCE(history_seq, 0)))
    WHERE kind = 'repository_bundle';
