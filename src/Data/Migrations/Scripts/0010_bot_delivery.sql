-- What the chat front-end has shown of each project: events up to delivered_seq were delivered to the user.
-- A bot that was away reads the projects whose last event is newer than what it delivered, and catches up.
ALTER TABLE projects
    ADD COLUMN last_event_seq bigint NOT NULL DEFAULT 0,
    ADD COLUMN delivered_seq  bigint NOT NULL DEFAULT 0;
CREATE INDEX ix_projects_undelivered ON projects (updated_at) WHERE last_event_seq > delivered_seq;

-- Leases of singleton front-end roles (one Telegram poller per bot token), so that two bot processes never poll at once.
CREATE TABLE front_end_leases
(
    lease_name   text PRIMARY KEY,
    holder       text NOT NULL,
    expires_at   timestamptz NOT NULL,
    acquired_at  timestamptz NOT NULL DEFAULT now()
);
