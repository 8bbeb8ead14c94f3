-- Per-user spending limits, in credits, checked when a model call reserves: a UTC day's and a UTC month's charges
-- plus what is held for calls in flight may not pass them. NULL: the configured default; 0: no limit for this user.
CREATE TABLE user_credit_limits
(
    user_id         bigint PRIMARY KEY REFERENCES users (user_id),
    daily_credits   numeric(24,8) CHECK (daily_credits >= 0),
    monthly_credits numeric(24,8) CHECK (monthly_credits >= 0),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
