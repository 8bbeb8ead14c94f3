-- A recorded answer keeps everything it was billed for and how it ended: replaying it after a crash then charges what
-- the provider charged (cached, cache-write and thinking tokens too) and an answer cut off at the output limit is
-- still known as cut off.
ALTER TABLE model_responses
    ADD COLUMN cached_input_tokens bigint NOT NULL DEFAULT 0 CHECK (cached_input_tokens >= 0),
    ADD COLUMN cache_write_tokens bigint NOT NULL DEFAULT 0 CHECK (cache_write_tokens >= 0),
    ADD COLUMN reasoning_tokens bigint NOT NULL DEFAULT 0 CHECK (reasoning_tokens >= 0),
    ADD COLUMN finish_reason text;
