-- Grain state. One row per (service, state name, grain id) - Orleans passes the [PersistentState] name where its
-- parameters say "grain type"; version is the ETag Orleans hands back on every
-- write. A write names the version it read: a stale version (or an insert racing another insert) changes
-- nothing and answers with that same version or NULL, which Orleans turns into InconsistentStateException.

CREATE TABLE orleans_storage
(
    service_id         varchar(150) NOT NULL,
    state_name_hash    integer      NOT NULL,
    state_name         varchar(512) NOT NULL,
    grain_id_hash      integer      NOT NULL,
    grain_id_n0        bigint       NOT NULL,
    grain_id_n1        bigint       NOT NULL,
    grain_id_extension varchar(512),
    payload            bytea,
    version            integer      NOT NULL,
    modified_at        timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT ux_orleans_storage_grain UNIQUE NULLS NOT DISTINCT
        (service_id, state_name_hash, grain_id_hash, grain_id_n0, grain_id_n1, state_name, grain_id_extension)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', '
SELECT payload AS "PayloadBinary", version AS "Version"
FROM orleans_storage
WHERE service_id = @ServiceId
  AND state_name_hash = @GrainTypeHash AND state_name = @GrainTypeString
  AND grain_id_hash = @GrainIdHash AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND grain_id_extension IS NOT DISTINCT FROM CAST(@GrainIdExtensionString AS varchar)'),

('WriteToStorageKey', '
WITH updated AS (
    UPDATE orleans_storage
    SET payload = @PayloadBinary, version = version + 1, modified_at = now()
    WHERE CAST(@GrainStateVersion AS integer) IS NOT NULL
      AND version = CAST(@GrainStateVersion AS integer)
      AND service_id = @ServiceId
      AND state_name_hash = @GrainTypeHash AND state_name = @GrainTypeString
      AND grain_id_hash = @GrainIdHash AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
      AND grain_id_extension IS NOT DISTINCT FROM CAST(@GrainIdExtensionString AS varchar)
    RETURNING version),
inserted AS (
    INSERT INTO orleans_storage (service_id, state_name_hash, state_name, grain_id_hash, grain_id_n0, grain_id_n1,
                                 grain_id_extension, payload, version)
    SELECT @ServiceId, @GrainTypeHash, @GrainTypeString, @GrainIdHash, @GrainIdN0, @GrainIdN1,
           CAST(@GrainIdExtensionString AS varchar), @PayloadBinary, 1
    WHERE CAST(@GrainStateVersion AS integer) IS NULL
    ON CONFLICT ON CONSTRAINT ux_orleans_storage_grain DO NOTHING
    RETURNING version)
SELECT COALESCE((SELECT version FROM updated), (SELECT version FROM inserted),
                CAST(@GrainStateVersion AS integer)) AS "NewGrainStateVersion"'),

-- Clearing keeps the row (with a new version) so that a late writer holding the old ETag still conflicts.
('ClearStorageKey', '
WITH cleared AS (
    UPDATE orleans_storage
    SET payload = NULL, version = version + 1, modified_at = now()
    WHERE version = CAST(@GrainStateVersion AS integer)
      AND service_id = @ServiceId
      AND state_name_hash = @GrainTypeHash AND state_name = @GrainTypeString
      AND grain_id_hash = @GrainIdHash AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
      AND grain_id_extension IS NOT DISTINCT FROM CAST(@GrainIdExtensionString AS varchar)
    RETURNING version)
SELECT (SELECT version FROM cleared) AS "NewGrainStateVersion"'),

('DeleteStorageKey', '
WITH deleted AS (
    DELETE FROM orleans_storage
    WHERE version = CAST(@GrainStateVersion AS integer)
      AND service_id = @ServiceId
      AND state_name_hash = @GrainTypeHash AND state_name = @GrainTypeString
      AND grain_id_hash = @GrainIdHash AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
      AND grain_id_extension IS NOT DISTINCT FROM CAST(@GrainIdExtensionString AS varchar)
    RETURNING version)
SELECT (SELECT version FROM deleted) AS "NewGrainStateVersion"');
