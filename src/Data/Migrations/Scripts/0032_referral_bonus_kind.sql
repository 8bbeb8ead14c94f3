-- The referral bonus gets a ledger kind of its own (`referral_bonus`), so that the ledger, the user's history and the
-- operators' reports can tell it from the welcome grant and from operators' grants. It is a credit given away, never
-- revenue: the reports count it in the free pool, like a grant.

-- 0005 declared the kinds as an unnamed column CHECK (PostgreSQL named it; the name is not relied upon): drop every
-- CHECK on credit_transactions that constrains `kind` alone, then add the new list under a name of our own.
DO $$
DECLARE
    c record;
BEGIN
    FOR c IN
        SELECT con.conname
        FROM pg_constraint con
        JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = ANY (con.conkey)
        WHERE con.conrelid = 'credit_transactions'::regclass
          AND con.contype = 'c'
          AND att.attname = 'kind'
          AND array_length(con.conkey, 1) = 1
    LOOP
        EXECUTE format('ALTER TABLE credit_transactions DROP CONSTRAINT %I', c.conname);
    END LOOP;
END $$;

ALTER TABLE credit_transactions ADD CONSTRAINT ck_credit_transactions_kind
    CHECK (kind IN ('grant', 'purchase', 'usage', 'refund', 'adjustment', 'referral_bonus'));

-- Bonuses posted before this script were stored as grants; their idempotency keys say what they were
-- (referral:<invitee>:invitee and referral:<invitee>:inviter, from UserGrain). Only kind changes: amounts, balances and
-- keys stay as they are, so every balance still equals the sum of its transactions.
UPDATE credit_transactions
SET kind = 'referral_bonus'
WHERE kind = 'grant' AND idempotency_key ~ '^referral:[0-9]+:(invitee|inviter)$';

-- The rule of 0020 (free credits are spent first) with the referral bonus among the free credits.
CREATE OR REPLACE FUNCTION report_usage_split(p_since timestamptz, p_until timestamptz)
RETURNS TABLE (usage_id bigint, paid_credits numeric, free_credits numeric, cost_paid_usd numeric, cost_free_usd numeric)
LANGUAGE sql STABLE AS $$
    WITH tx AS (
        SELECT t.user_id, t.transaction_id, t.usage_id,
               sum(-t.credits_amount) OVER (PARTITION BY t.user_id ORDER BY t.transaction_id) AS excess
        FROM credit_transactions t
        WHERE t.kind IN ('usage', 'grant', 'adjustment', 'referral_bonus')
          AND t.user_id IN (SELECT DISTINCT a.user_id FROM api_key_usage a WHERE a.created_at >= p_since AND a.created_at < p_until)
    ), paid AS (
        SELECT tx.*, GREATEST(0, max(tx.excess) OVER (PARTITION BY tx.user_id ORDER BY tx.transaction_id)) AS paid_total
        FROM tx
    ), step AS (
        SELECT paid.usage_id,
               paid.paid_total - COALESCE(lag(paid.paid_total) OVER (PARTITION BY paid.user_id ORDER BY paid.transaction_id), 0) AS paid_step
        FROM paid
    ), split AS (
        SELECT a.usage_id, s.paid_step, a.credits_charged,
               CASE WHEN a.credits_charged = 0 THEN 0
                    ELSE round(a.charged_cost_usd * s.paid_step / a.credits_charged, 10) END AS cost_paid,
               a.charged_cost_usd
        FROM step s
        JOIN api_key_usage a ON a.usage_id = s.usage_id
        WHERE a.created_at >= p_since AND a.created_at < p_until
    )
    SELECT split.usage_id, split.paid_step, split.credits_charged - split.paid_step, split.cost_paid, split.charged_cost_usd - split.cost_paid
    FROM split
$$;
