-- The code index of each project: its chunks (declarations, sections, windows) with their embedding vectors
-- (float32, little-endian) and which embedder made them. Searches run in the index grain's memory; this is what a
-- new activation (on any silo) loads instead of re-embedding.

CREATE TABLE code_index_state
(
    project_id      uuid PRIMARY KEY REFERENCES projects (project_id) ON DELETE CASCADE,
    embedder        text NOT NULL,
    indexed_commit  text,
    status          text NOT NULL CHECK (status IN ('not_indexed', 'indexing', 'indexed', 'error')),
    error           text,
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE code_chunks
(
    project_id  uuid NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
    chunk_id    text NOT NULL,
    path        text NOT NULL,
    start_line  integer NOT NULL,
    end_line    integer NOT NULL,
    kind        text NOT NULL,
    symbol      text,
    content     text NOT NULL,
    vector      bytea NOT NULL,
    PRIMARY KEY (project_id, chunk_id)
);
CREATE INDEX ix_code_chunks_path ON code_chunks (project_id, path);
