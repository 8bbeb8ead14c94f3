-- Referrals from deep links (/start ref_<code>): each user has a code of their own (made on first use), and an
-- invitee is recorded once with the user who invited them. The bonus is granted when the invitee's first purchase
-- succeeds, through the ledger with idempotency keys (referral:<invitee>:invitee / :inviter), and rewarded_at records
-- that it was. Nobody invites themselves (CHECK); loops are refused where the invitation is recorded (someone who
-- has invited others cannot be invited).
ALTER TABLE users ADD COLUMN referral_code text UNIQUE;

CREATE TABLE referrals
(
    invitee_id   bigint PRIMARY KEY REFERENCES users (user_id),
    inviter_id   bigint NOT NULL REFERENCES users (user_id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    rewarded_at  timestamptz,
    CONSTRAINT ck_referrals_not_self CHECK (invitee_id <> inviter_id)
);
CREATE INDEX ix_referrals_inviter ON referrals (inviter_id);
