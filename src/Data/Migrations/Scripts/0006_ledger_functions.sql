-- The credit ledger's mutations, one function each, so that every mutation is a single statement: one round
-- trip, one transaction. Each starts by locking the user's row, which serialises all mutations of one user
-- (also across silos), then checks its idempotency key, so a repeated call returns the first outcome and
-- changes nothing. Available credits (balance - held) never go below zero.
--
-- Holds (reserve, void) commit asynchronously (synchronous_commit off for that transaction only): they are still
-- atomic and isolated, and a PostgreSQL crash can at worst forget the holds of its last fraction of a second,
-- which only ever gives credits back. Everything that moves money (grants, purchases, refunds, settles) commits
-- synchronously.

-- Ensures the user's row exists and locks it; expires the user's stale holds on the way.
CREATE FUNCTION ledger_lock_user(p_user bigint)
RETURNS users
LANGUAGE plpgsql AS $$
DECLARE
    u users;
    expired numeric(24,8);
BEGIN
    INSERT INTO users (user_id) VALUES (p_user) ON CONFLICT (user_id) DO NOTHING;
    SELECT * INTO u FROM users WHERE user_id = p_user FOR UPDATE;

    WITH gone AS (
        UPDATE credit_holds SET status = 'expired', closed_at = now()
        WHERE user_id = p_user AND status = 'open' AND expires_at <= now()
        RETURNING amount)
    SELECT COALESCE(sum(amount), 0) INTO expired FROM gone;

    IF expired > 0 THEN
        UPDATE users SET credits_held = credits_held - expired, updated_at = now()
        WHERE user_id = p_user RETURNING * INTO u;
    END IF;
    RETURN u;
END $$;

-- Grants, purchases, refunds and adjustments: a signed amount posted against the balance. Idempotency keys are
-- per user. status: posted | replayed | insufficient | conflict (a purchase charge id used by another user)
CREATE FUNCTION ledger_post(
    p_user bigint, p_key text, p_kind text, p_amount numeric, p_project uuid, p_charge_id text,
    p_paid_amount numeric, p_paid_currency text, p_description text)
RETURNS TABLE (status text, transaction_id bigint, credits_amount numeric, balance numeric, held numeric)
LANGUAGE plpgsql AS $$
DECLARE
    u users;
    t credit_transactions;
BEGIN
    u := ledger_lock_user(p_user);

    SELECT * INTO t FROM credit_transactions c WHERE c.user_id = p_user AND c.idempotency_key = p_key;
    IF FOUND THEN
        RETURN QUERY SELECT 'replayed'::text, t.transaction_id, t.credits_amount, u.credits_balance, u.credits_held;
        RETURN;
    END IF;

    -- A payment's charge id belongs to one purchase of one user.
    IF p_kind = 'purchase' AND EXISTS (SELECT 1 FROM credit_transactions c
                                       WHERE c.kind = 'purchase' AND c.external_charge_id = p_charge_id) THEN
        RETURN QUERY SELECT 'conflict'::text, NULL::bigint, p_amount, u.credits_balance, u.credits_held;
        RETURN;
    END IF;

    IF p_amount < 0 AND u.credits_balance - u.credits_held + p_amount < 0 THEN
        RETURN QUERY SELECT 'insufficient'::text, NULL::bigint, p_amount, u.credits_balance, u.credits_held;
        RETURN;
    END IF;

    UPDATE users SET credits_balance = credits_balance + p_amount, updated_at = now()
    WHERE user_id = p_user RETURNING * INTO u;

    INSERT INTO credit_transactions (user_id, idempotency_key, kind, credits_amount, balance_after, project_id,
                                     external_charge_id, paid_amount, paid_currency, description)
    VALUES (p_user, p_key, p_kind, p_amount, u.credits_balance, p_project, p_charge_id, p_paid_amount,
            p_paid_currency, p_description)
    RETURNING * INTO t;

    RETURN QUERY SELECT 'posted'::text, t.transaction_id, t.credits_amount, u.credits_balance, u.credits_held;
END $$;

-- Holds credits for one model request. A call id that was voided or expired may be reserved again (nothing was
-- charged under it); a settled one may not.
-- status: reserved | replayed | insufficient | already_settled | conflict
CREATE FUNCTION ledger_reserve(
    p_user bigint, p_call text, p_amount numeric, p_ttl interval, p_project uuid,
    p_provider text, p_model text, p_price_version integer)
RETURNS TABLE (status text, amount numeric, balance numeric, held numeric, expires_at timestamptz)
LANGUAGE plpgsql AS $$
DECLARE
    u users;
    h credit_holds;
BEGIN
    PERFORM set_config('synchronous_commit', 'off', true);
    u := ledger_lock_user(p_user);

    SELECT * INTO h FROM credit_holds c WHERE c.call_id = p_call FOR UPDATE;
    IF FOUND THEN
        IF h.user_id <> p_user THEN
            RETURN QUERY SELECT 'conflict'::text, h.amount, u.credits_balance, u.credits_held, h.expires_at;
            RETURN;
        ELSIF h.status = 'open' THEN
            RETURN QUERY SELECT 'replayed'::text, h.amount, u.credits_balance, u.credits_held, h.expires_at;
            RETURN;
        ELSIF h.status = 'settled' THEN
            RETURN QUERY SELECT 'already_settled'::text, h.amount, u.credits_balance, u.credits_held, h.expires_at;
            RETURN;
        END IF;
    END IF;

    IF u.credits_balance - u.credits_held < p_amount THEN
        RETURN QUERY SELECT 'insufficient'::text, p_amount, u.credits_balance, u.credits_held, NULL::timestamptz;
        RETURN;
    END IF;

    INSERT INTO credit_holds AS c (call_id, user_id, project_id, amount, status, provider, model, price_version,
                                   created_at, expires_at)
    VALUES (p_call, p_user, p_project, p_amount, 'open', p_provider, p_model, p_price_version, now(), now() + p_ttl)
    ON CONFLICT (call_id) DO UPDATE
        SET amount = excluded.amount, status = 'open', project_id = excluded.project_id,
            provider = excluded.provider, model = excluded.model, price_version = excluded.price_version,
            created_at = excluded.created_at, expires_at = excluded.expires_at, closed_at = NULL
    RETURNING * INTO h;

    UPDATE users SET credits_held = credits_held + p_amount, updated_at = now()
    WHERE user_id = p_user RETURNING * INTO u;

    RETURN QUERY SELECT 'reserved'::text, h.amount, u.credits_balance, u.credits_held, h.expires_at;
END $$;

-- Posts the actual charge of one model request: releases its hold, writes the usage row and the usage
-- transaction together. A late settle of an expired hold still charges (the provider billed us), from what is
-- available; the charge never takes available credits below zero (status settled_partial when capped).
-- status: settled | settled_partial | replayed | not_found | voided
CREATE FUNCTION ledger_settle(
    p_user bigint, p_call text, p_project uuid, p_key_id bigint, p_provider text, p_model text, p_task_type text,
    p_input_tokens integer, p_output_tokens integer, p_images integer, p_response_ms integer, p_price_version integer,
    p_computed_cost numeric, p_provider_cost numeric, p_charged_cost numeric, p_credits numeric)
RETURNS TABLE (status text, usage_id bigint, credits_charged numeric, cost_usd numeric, balance numeric, held numeric)
LANGUAGE plpgsql AS $$
DECLARE
    u users;
    h credit_holds;
    usage api_key_usage;
    charge numeric(24,8);
BEGIN
    u := ledger_lock_user(p_user);

    SELECT * INTO h FROM credit_holds c WHERE c.call_id = p_call AND c.user_id = p_user FOR UPDATE;
    IF NOT FOUND THEN
        RETURN QUERY SELECT 'not_found'::text, NULL::bigint, 0::numeric, 0::numeric, u.credits_balance, u.credits_held;
        RETURN;
    ELSIF h.status = 'settled' THEN
        SELECT * INTO usage FROM api_key_usage a WHERE a.call_id = p_call;
        RETURN QUERY SELECT 'replayed'::text, usage.usage_id, usage.credits_charged, usage.charged_cost_usd, u.credits_balance, u.credits_held;
        RETURN;
    ELSIF h.status = 'voided' THEN
        RETURN QUERY SELECT 'voided'::text, NULL::bigint, 0::numeric, 0::numeric, u.credits_balance, u.credits_held;
        RETURN;
    END IF;

    IF h.status = 'open' THEN
        u.credits_held := u.credits_held - h.amount;
    END IF;
    charge := LEAST(p_credits, u.credits_balance - u.credits_held);

    INSERT INTO api_key_usage (call_id, user_id, project_id, key_id, provider, model, task_type, input_tokens,
                               output_tokens, images, response_ms, price_version, computed_cost_usd,
                               provider_cost_usd, charged_cost_usd, credits_charged)
    VALUES (p_call, p_user, COALESCE(p_project, h.project_id), p_key_id, p_provider, p_model, p_task_type,
            p_input_tokens, p_output_tokens, p_images, p_response_ms, p_price_version, p_computed_cost,
            p_provider_cost, p_charged_cost, charge)
    RETURNING * INTO usage;

    UPDATE users SET credits_balance = credits_balance - charge, credits_held = u.credits_held, updated_at = now()
    WHERE user_id = p_user RETURNING * INTO u;

    INSERT INTO credit_transactions (user_id, idempotency_key, kind, credits_amount, balance_after, project_id,
                                     call_id, usage_id, description)
    VALUES (p_user, 'usage:' || p_call, 'usage', -charge, u.credits_balance, usage.project_id, p_call,
            usage.usage_id, p_task_type || ' ' || p_provider || '/' || p_model);

    UPDATE credit_holds SET status = 'settled', settled_credits = charge, closed_at = now()
    WHERE call_id = p_call;

    RETURN QUERY SELECT CASE WHEN charge < p_credits THEN 'settled_partial' ELSE 'settled' END,
                        usage.usage_id, charge, usage.charged_cost_usd, u.credits_balance, u.credits_held;
END $$;

-- Releases a hold whose request failed or was never sent.
-- status: voided | replayed | already_settled | not_found
CREATE FUNCTION ledger_void(p_user bigint, p_call text)
RETURNS TABLE (status text, released numeric, balance numeric, held numeric)
LANGUAGE plpgsql AS $$
DECLARE
    u users;
    h credit_holds;
BEGIN
    PERFORM set_config('synchronous_commit', 'off', true);
    u := ledger_lock_user(p_user);

    SELECT * INTO h FROM credit_holds c WHERE c.call_id = p_call AND c.user_id = p_user FOR UPDATE;
    IF NOT FOUND THEN
        RETURN QUERY SELECT 'not_found'::text, 0::numeric, u.credits_balance, u.credits_held;
        RETURN;
    ELSIF h.status = 'settled' THEN
        RETURN QUERY SELECT 'already_settled'::text, 0::numeric, u.credits_balance, u.credits_held;
        RETURN;
    ELSIF h.status <> 'open' THEN
        RETURN QUERY SELECT 'replayed'::text, 0::numeric, u.credits_balance, u.credits_held;
        RETURN;
    END IF;

    UPDATE credit_holds SET status = 'voided', closed_at = now() WHERE call_id = p_call;
    UPDATE users SET credits_held = credits_held - h.amount, updated_at = now()
    WHERE user_id = p_user RETURNING * INTO u;

    RETURN QUERY SELECT 'voided'::text, h.amount, u.credits_balance, u.credits_held;
END $$;

-- Expires one user's stale holds (the ledger grain's durable reminder calls this); returns what is still open.
CREATE FUNCTION ledger_expire_holds(p_user bigint)
RETURNS TABLE (open_holds bigint, next_expiry timestamptz, balance numeric, held numeric)
LANGUAGE plpgsql AS $$
DECLARE
    u users;
BEGIN
    u := ledger_lock_user(p_user);
    RETURN QUERY
        SELECT count(*), min(c.expires_at), u.credits_balance, u.credits_held
        FROM credit_holds c WHERE c.user_id = p_user AND c.status = 'open';
END $$;

-- Group commit. The ledger grains of one silo hand their reserves and settles to a batch writer, which applies
-- many users' operations in one statement and one transaction. The outcome of each element is exactly what
-- ledger_reserve / ledger_settle would answer for it. A batch holds each user and each call id at most once
-- (the writer guarantees it); users are locked in id order, so concurrent batches cannot deadlock.

CREATE FUNCTION ledger_lock_users(p_users bigint[])
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO users (user_id) SELECT DISTINCT x FROM unnest(p_users) x ON CONFLICT (user_id) DO NOTHING;
    PERFORM 1 FROM users u WHERE u.user_id = ANY(p_users) ORDER BY u.user_id FOR UPDATE;

    WITH gone AS (
        UPDATE credit_holds c SET status = 'expired', closed_at = now()
        WHERE c.user_id = ANY(p_users) AND c.status = 'open' AND c.expires_at <= now()
        RETURNING c.user_id, c.amount),
    per_user AS (SELECT g.user_id, sum(g.amount) AS total FROM gone g GROUP BY g.user_id)
    UPDATE users u SET credits_held = u.credits_held - p.total, updated_at = now()
    FROM per_user p WHERE u.user_id = p.user_id;
END $$;

CREATE FUNCTION ledger_reserve_batch(
    p_users bigint[], p_calls text[], p_amounts numeric[], p_ttl interval, p_projects uuid[],
    p_providers text[], p_models text[], p_versions integer[])
RETURNS TABLE (idx bigint, status text, amount numeric, balance numeric, held numeric, expires_at timestamptz)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('synchronous_commit', 'off', true);
    PERFORM ledger_lock_users(p_users);

    RETURN QUERY
    WITH input AS (
        SELECT t.* FROM unnest(p_users, p_calls, p_amounts, p_projects, p_providers, p_models, p_versions)
            WITH ORDINALITY AS t(user_id, call_id, amount, project_id, provider, model, price_version, idx)),
    decided AS (
        SELECT i.*, u.credits_balance, u.credits_held, h.amount AS hold_amount, h.expires_at AS hold_expires,
               CASE WHEN h.user_id IS NOT NULL AND h.user_id <> i.user_id THEN 'conflict'
                    WHEN h.status = 'open' THEN 'replayed'
                    WHEN h.status = 'settled' THEN 'already_settled'
                    WHEN u.credits_balance - u.credits_held < i.amount THEN 'insufficient'
                    ELSE 'reserved' END AS outcome
        FROM input i
        JOIN users u ON u.user_id = i.user_id
        LEFT JOIN credit_holds h ON h.call_id = i.call_id),
    inserted AS (
        INSERT INTO credit_holds AS c (call_id, user_id, project_id, amount, status, provider, model, price_version,
                                       created_at, expires_at)
        SELECT d.call_id, d.user_id, d.project_id, d.amount, 'open', d.provider, d.model, d.price_version, now(), now() + p_ttl
        FROM decided d WHERE d.outcome = 'reserved'
        ON CONFLICT (call_id) DO UPDATE
            SET amount = excluded.amount, status = 'open', project_id = excluded.project_id,
                provider = excluded.provider, model = excluded.model, price_version = excluded.price_version,
                created_at = excluded.created_at, expires_at = excluded.expires_at, closed_at = NULL
        RETURNING c.call_id, c.expires_at),
    updated AS (
        UPDATE users u SET credits_held = u.credits_held + d.amount, updated_at = now()
        FROM decided d WHERE d.outcome = 'reserved' AND u.user_id = d.user_id
        RETURNING u.user_id, u.credits_balance, u.credits_held)
    SELECT d.idx, d.outcome,
           CASE WHEN d.outcome IN ('replayed', 'already_settled', 'conflict') THEN d.hold_amount ELSE d.amount END,
           COALESCE(up.credits_balance, d.credits_balance),
           COALESCE(up.credits_held, d.credits_held),
           CASE WHEN d.outcome = 'reserved' THEN ins.expires_at WHEN d.outcome = 'replayed' THEN d.hold_expires END
    FROM decided d
    LEFT JOIN updated up ON up.user_id = d.user_id
    LEFT JOIN inserted ins ON ins.call_id = d.call_id
    ORDER BY d.idx;
END $$;

CREATE FUNCTION ledger_settle_batch(
    p_users bigint[], p_calls text[], p_projects uuid[], p_keys bigint[], p_providers text[], p_models text[],
    p_tasks text[], p_input_tokens integer[], p_output_tokens integer[], p_images integer[], p_response_ms integer[],
    p_versions integer[], p_computed numeric[], p_reported numeric[], p_charged numeric[], p_credits numeric[])
RETURNS TABLE (idx bigint, status text, usage_id bigint, credits_charged numeric, cost_usd numeric, balance numeric, held numeric)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM ledger_lock_users(p_users);

    RETURN QUERY
    WITH input AS (
        SELECT t.* FROM unnest(p_users, p_calls, p_projects, p_keys, p_providers, p_models, p_tasks, p_input_tokens,
                               p_output_tokens, p_images, p_response_ms, p_versions, p_computed, p_reported, p_charged, p_credits)
            WITH ORDINALITY AS t(user_id, call_id, project_id, key_id, provider, model, task_type, input_tokens,
                                 output_tokens, images, response_ms, price_version, computed, reported, charged, credits, idx)),
    decided AS (
        SELECT i.*, u.credits_balance, h.project_id AS hold_project,
               u.credits_held - CASE WHEN h.status = 'open' THEN h.amount ELSE 0 END AS held_after,
               CASE WHEN h.call_id IS NULL THEN 'not_found'
                    WHEN h.status = 'settled' THEN 'replayed'
                    WHEN h.status = 'voided' THEN 'voided'
                    ELSE 'charge' END AS outcome,
               u.credits_held
        FROM input i
        JOIN users u ON u.user_id = i.user_id
        LEFT JOIN credit_holds h ON h.call_id = i.call_id AND h.user_id = i.user_id),
    charged AS (
        SELECT d.*, LEAST(d.credits, d.credits_balance - d.held_after)::numeric(24,8) AS charge
        FROM decided d WHERE d.outcome = 'charge'),
    usage_rows AS (
        INSERT INTO api_key_usage (call_id, user_id, project_id, key_id, provider, model, task_type, input_tokens,
                                   output_tokens, images, response_ms, price_version, computed_cost_usd,
                                   provider_cost_usd, charged_cost_usd, credits_charged)
        SELECT c.call_id, c.user_id, COALESCE(c.project_id, c.hold_project), c.key_id, c.provider, c.model, c.task_type,
               c.input_tokens, c.output_tokens, c.images, c.response_ms, c.price_version, c.computed, c.reported,
               c.charged, c.charge
        FROM charged c
        RETURNING api_key_usage.usage_id AS new_usage_id, api_key_usage.call_id AS new_call_id,
                  api_key_usage.project_id AS new_project_id, api_key_usage.charged_cost_usd AS new_cost),
    user_rows AS (
        UPDATE users u SET credits_balance = u.credits_balance - c.charge, credits_held = c.held_after, updated_at = now()
        FROM charged c WHERE u.user_id = c.user_id
        RETURNING u.user_id AS new_user_id, u.credits_balance AS new_balance, u.credits_held AS new_held),
    transaction_rows AS (
        INSERT INTO credit_transactions (user_id, idempotency_key, kind, credits_amount, balance_after, project_id,
                                         call_id, usage_id, description)
        SELECT c.user_id, 'usage:' || c.call_id, 'usage', -c.charge, ur.new_balance, us.new_project_id, c.call_id,
               us.new_usage_id, c.task_type || ' ' || c.provider || '/' || c.model
        FROM charged c
        JOIN usage_rows us ON us.new_call_id = c.call_id
        JOIN user_rows ur ON ur.new_user_id = c.user_id
        RETURNING 1),
    hold_rows AS (
        UPDATE credit_holds h SET status = 'settled', settled_credits = c.charge, closed_at = now()
        FROM charged c WHERE h.call_id = c.call_id
        RETURNING 1)
    SELECT d.idx,
           CASE WHEN d.outcome <> 'charge' THEN d.outcome
                WHEN c.charge < d.credits THEN 'settled_partial'
                ELSE 'settled' END,
           COALESCE(us.new_usage_id, a.usage_id),
           COALESCE(c.charge, a.credits_charged, 0::numeric),
           COALESCE(us.new_cost, a.charged_cost_usd, 0::numeric),
           COALESCE(ur.new_balance, d.credits_balance),
           COALESCE(ur.new_held, d.credits_held)
    FROM decided d
    LEFT JOIN charged c ON c.idx = d.idx
    LEFT JOIN usage_rows us ON us.new_call_id = d.call_id
    LEFT JOIN user_rows ur ON ur.new_user_id = d.user_id
    LEFT JOIN api_key_usage a ON a.call_id = d.call_id AND d.outcome = 'replayed'
    ORDER BY d.idx;
END $$;
