-- DevBot's own tables. Money is numeric, never floating point:
--   credits: numeric(24,8) - a $0.000001 call at the default markup is 0.00015 credits and must not round away;
--   USD:     numeric(20,10) - per-request costs are often below a hundredth of a cent.
-- Every ledger mutation carries a unique idempotency key; a user's balance always equals the sum of their
-- credit_transactions (holds lower what is available, never the balance).

CREATE TABLE users
(
    user_id          bigint PRIMARY KEY,                 -- Telegram user id
    username         text,
    display_name     text,
    email            text,
    language_code    text,
    credits_balance  numeric(24,8) NOT NULL DEFAULT 0,
    credits_held     numeric(24,8) NOT NULL DEFAULT 0,
    initial_grant_at timestamptz,
    forgotten_at     timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ck_users_credits CHECK (credits_held >= 0 AND credits_balance >= credits_held)
) WITH (fillfactor = 50); -- every metered request updates its user's row twice: room on the page keeps those updates HOT

CREATE TABLE projects
(
    project_id             uuid PRIMARY KEY,
    user_id                bigint NOT NULL REFERENCES users (user_id),
    title                  text,
    description            text,
    state                  text NOT NULL,
    codebase_index_status  text NOT NULL DEFAULT 'not_indexed'
        CHECK (codebase_index_status IN ('not_indexed', 'indexing', 'indexed', 'error')),
    estimate_credits       numeric(24,8),
    credit_cap             numeric(24,8),
    credits_used           numeric(24,8) NOT NULL DEFAULT 0,
    todo_done              integer NOT NULL DEFAULT 0,
    todo_total             integer NOT NULL DEFAULT 0,
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    completed_at           timestamptz,
    purge_after            timestamptz,
    purged_at              timestamptz
);
CREATE INDEX ix_projects_user ON projects (user_id, created_at DESC);
CREATE INDEX ix_projects_purge ON projects (purge_after) WHERE purged_at IS NULL AND purge_after IS NOT NULL;

CREATE TABLE conversations
(
    message_id  bigserial PRIMARY KEY,
    project_id  uuid REFERENCES projects (project_id) ON DELETE CASCADE,
    user_id     bigint NOT NULL REFERENCES users (user_id),
    role        text NOT NULL CHECK (role IN ('user', 'bot', 'architect', 'system')),
    content     text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ix_conversations_project ON conversations (project_id, message_id);

-- Repository bundles, packages and documents live here so that no silo keeps anything on local disk that
-- another silo could not rebuild.
CREATE TABLE project_files
(
    project_id  uuid NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
    kind        text NOT NULL CHECK (kind IN ('repository_bundle', 'package', 'document')),
    name        text NOT NULL,
    content     bytea NOT NULL,
    sha256      bytea NOT NULL,
    size_bytes  bigint NOT NULL,
    commit_id   text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, kind, name)
);

CREATE TABLE model_pricing
(
    provider             text NOT NULL,
    model                text NOT NULL,
    price_version        integer NOT NULL,
    input_usd_per_mtok   numeric(20,10) NOT NULL CHECK (input_usd_per_mtok >= 0),
    output_usd_per_mtok  numeric(20,10) NOT NULL CHECK (output_usd_per_mtok >= 0),
    image_usd            numeric(20,10) NOT NULL DEFAULT 0 CHECK (image_usd >= 0),
    context_tokens       integer,
    source               text NOT NULL,
    is_current           boolean NOT NULL,
    effective_from       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (provider, model, price_version)
);
CREATE UNIQUE INDEX ux_model_pricing_current ON model_pricing (provider, model) WHERE is_current;

-- Secrets are stored encrypted (AES-256-GCM); only the last four characters are kept in the clear, for display.
CREATE TABLE api_keys
(
    key_id            bigserial PRIMARY KEY,
    provider          text NOT NULL,
    label             text,
    secret_ciphertext bytea NOT NULL,
    secret_nonce      bytea NOT NULL,
    secret_tag        bytea NOT NULL,
    fingerprint       bytea NOT NULL,                   -- keyed hash, to refuse duplicates without decrypting
    last4             text NOT NULL,
    status            text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled', 'retired')),
    status_reason     text,
    expires_at        timestamptz,
    cooldown_until    timestamptz,
    last_used_at      timestamptz,
    usage_count       bigint NOT NULL DEFAULT 0,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX ux_api_keys_fingerprint ON api_keys (provider, fingerprint);

-- A hold reserves credits for one model request (call id) until it is settled, voided or expires.
CREATE TABLE credit_holds
(
    call_id          text PRIMARY KEY,
    user_id          bigint NOT NULL REFERENCES users (user_id),
    project_id       uuid,
    amount           numeric(24,8) NOT NULL CHECK (amount > 0),
    status           text NOT NULL CHECK (status IN ('open', 'settled', 'voided', 'expired')),
    provider         text NOT NULL,
    model            text NOT NULL,
    price_version    integer NOT NULL,
    settled_credits  numeric(24,8),
    created_at       timestamptz NOT NULL DEFAULT now(),
    expires_at       timestamptz NOT NULL,
    closed_at        timestamptz
);
CREATE INDEX ix_credit_holds_open_user ON credit_holds (user_id) WHERE status = 'open';
CREATE INDEX ix_credit_holds_open_expiry ON credit_holds (expires_at) WHERE status = 'open';

CREATE TABLE api_key_usage
(
    usage_id           bigserial PRIMARY KEY,
    call_id            text NOT NULL UNIQUE,
    user_id            bigint NOT NULL REFERENCES users (user_id),
    project_id         uuid,
    key_id             bigint REFERENCES api_keys (key_id),
    provider           text NOT NULL,
    model              text NOT NULL,
    task_type          text NOT NULL,
    input_tokens       integer NOT NULL CHECK (input_tokens >= 0),
    output_tokens      integer NOT NULL CHECK (output_tokens >= 0),
    images             integer NOT NULL DEFAULT 0 CHECK (images >= 0),
    response_ms        integer,
    price_version      integer,
    computed_cost_usd  numeric(20,10) NOT NULL,
    provider_cost_usd  numeric(20,10),
    charged_cost_usd   numeric(20,10) NOT NULL,
    credits_charged    numeric(24,8) NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now()
);
-- Every report filters by period first (then groups by provider, model, task or day): created_at serves them all;
-- per-user and per-project views have their own. Each index costs every metered request an update, so no more.
CREATE INDEX ix_usage_created ON api_key_usage (created_at);
CREATE INDEX ix_usage_user ON api_key_usage (user_id, created_at);
CREATE INDEX ix_usage_project ON api_key_usage (project_id, created_at) WHERE project_id IS NOT NULL;

CREATE TABLE credit_transactions
(
    transaction_id     bigserial PRIMARY KEY,
    user_id            bigint NOT NULL REFERENCES users (user_id),
    idempotency_key    text NOT NULL,
    kind               text NOT NULL CHECK (kind IN ('grant', 'purchase', 'usage', 'refund', 'adjustment')),
    credits_amount     numeric(24,8) NOT NULL,
    balance_after      numeric(24,8) NOT NULL,
    project_id         uuid,
    call_id            text,
    usage_id           bigint REFERENCES api_key_usage (usage_id),
    external_charge_id text,
    paid_amount        numeric(20,6),
    paid_currency      text,
    description        text,
    created_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ux_credit_transactions_idempotency UNIQUE (user_id, idempotency_key)
);
CREATE UNIQUE INDEX ux_credit_transactions_charge ON credit_transactions (external_charge_id)
    WHERE kind = 'purchase';
CREATE INDEX ix_credit_transactions_user ON credit_transactions (user_id, transaction_id DESC);
-- Revenue reports read purchases and refunds only; usage rows (the bulk) stay out of this index.
CREATE INDEX ix_credit_transactions_revenue ON credit_transactions (created_at) WHERE kind IN ('purchase', 'refund');
CREATE INDEX ix_credit_transactions_project ON credit_transactions (project_id) WHERE project_id IS NOT NULL;
