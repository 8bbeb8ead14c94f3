-- Key health: a key whose every call failed must not read as "active, 40 uses". Errors are counted per key with the
-- last one and when it happened (flushed with the usage counts).
ALTER TABLE api_keys
    ADD COLUMN error_count   bigint NOT NULL DEFAULT 0,
    ADD COLUMN last_error    text,
    ADD COLUMN last_error_at timestamptz;

-- Who did what: every operator action (console or page) with the operator's name, kept apart from the ledger (whose
-- rows also carry the name in their description).
CREATE TABLE operator_actions
(
    action_id   bigserial PRIMARY KEY,
    operator    text NOT NULL,
    action      text NOT NULL,
    target      text,
    details     text,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ix_operator_actions_created ON operator_actions (created_at DESC);

-- Operator sign-in for /admin and /dashboard: a one-time link token (sent by the bot to an operator) becomes a
-- session cookie. Only SHA-256 hashes of tokens are stored, so a database reader cannot sign in.
CREATE TABLE operator_sign_ins
(
    token_hash   bytea PRIMARY KEY,
    operator_id  bigint NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    used_at      timestamptz
);

CREATE TABLE operator_sessions
(
    session_hash bytea PRIMARY KEY,
    operator_id  bigint NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL
);
CREATE INDEX ix_operator_sessions_expiry ON operator_sessions (expires_at);

-- Alerts where operators look: one row per incident (kind + subject), counted while it repeats; the bot sends each
-- incident to the operators' chats at most once per throttle window.
CREATE TABLE operator_alerts
(
    alert_id      bigserial PRIMARY KEY,
    kind          text NOT NULL,
    subject       text NOT NULL,
    message       text NOT NULL,
    occurrences   integer NOT NULL DEFAULT 1,
    first_at      timestamptz NOT NULL DEFAULT now(),
    last_at       timestamptz NOT NULL DEFAULT now(),
    notified_at   timestamptz,
    notify_due    boolean NOT NULL DEFAULT true
);
CREATE UNIQUE INDEX ux_operator_alerts_incident ON operator_alerts (kind, subject);
CREATE INDEX ix_operator_alerts_due ON operator_alerts (alert_id) WHERE notify_due;
