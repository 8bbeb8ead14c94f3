-- The user's rating of a delivered project (1-5) and an optional comment, given once per project and kept with it
-- (operators read them beside the project). A rating is set only where none is; a comment only after the rating and
-- only once: the WHERE clauses make both idempotent. Retention clears the comment with the project's other words.
ALTER TABLE projects
    ADD COLUMN rating          smallint CHECK (rating BETWEEN 1 AND 5),
    ADD COLUMN rating_comment  text,
    ADD COLUMN rated_at        timestamptz;
