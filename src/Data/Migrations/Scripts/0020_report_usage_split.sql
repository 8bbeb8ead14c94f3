-- Which credits paid for each usage row, so that reports separate revenue from usage billed against free credits.
-- Rule: free credits (grants and operator adjustments) are spent first, purchased credits after. Per user, in ledger
-- order, let E be the running sum of usage minus free credits received; the purchased credits used so far are then
-- max(0, the highest E so far) (the free pool never goes below zero and is used up before anything bought). A usage
-- row's paid part is how much that figure rose at its transaction; the rest of its credits were free. Its model cost
-- is split in the same proportion (a row charged no credits cost us money no one paid for: all of it counts as free).
-- Purchases and refunds need not enter: a balance never goes below zero, and a refund is refused once spent.
CREATE FUNCTION report_usage_split(p_since timestamptz, p_until timestamptz)
RETURNS TABLE (usage_id bigint, paid_credits numeric, free_credits numeric, cost_paid_usd numeric, cost_free_usd numeric)
LANGUAGE sql STABLE AS $$
    WITH tx AS (
        SELECT t.user_id, t.transaction_id, t.usage_id,
               sum(-t.credits_amount) OVER (PARTITION BY t.user_id ORDER BY t.transaction_id) AS excess
        FROM credit_transactions t
        WHERE t.kind IN ('usage', 'grant', 'adjustment')
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
