-- DevBot's own PostgreSQL schema for Orleans' ADO.NET providers (clustering, grain storage, reminders).
--
-- Orleans 10 ships no SQL; its providers only need a table named OrleansQuery whose rows map each query key
-- the provider knows to a statement. The contract a statement must honour is the provider's: parameter names
-- (written @Name), result column names (matched case-insensitively by Npgsql) and the meaning of single-value
-- results (non-zero = the write happened). The tables behind the statements are ours, named in snake_case.
-- The storage-contract tests exercise every statement through Orleans itself.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);
