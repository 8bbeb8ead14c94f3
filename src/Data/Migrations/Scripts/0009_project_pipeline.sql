-- The project pipeline's durable records.

-- Model answers by call id: a re-run step replays them instead of asking (and paying) again.
CREATE TABLE model_responses
(
    call_id        text PRIMARY KEY,
    project_id     uuid REFERENCES projects (project_id) ON DELETE CASCADE,
    messages       text NOT NULL,
    input_tokens   bigint NOT NULL,
    output_tokens  bigint NOT NULL,
    reported_cost  numeric(20,10),
    key_id         bigint,
    response_ms    integer NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ix_model_responses_project ON model_responses (project_id) WHERE project_id IS NOT NULL;

-- What each project told its user, numbered, so a bot that was down can catch up.
CREATE TABLE project_events
(
    project_id  uuid NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
    seq         bigint NOT NULL,
    kind        text NOT NULL,
    payload     text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, seq)
);
