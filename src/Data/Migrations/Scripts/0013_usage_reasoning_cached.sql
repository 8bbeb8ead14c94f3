-- What providers bill, exactly: thinking tokens as output, cached input at its own price.
--
-- Token semantics of api_key_usage (the gateway normalises every provider's usage object to these):
--   input_tokens         all prompt tokens, cached ones included (OpenAI, OpenRouter and Gemini all report them so)
--   cached_input_tokens  the part of input_tokens read from the provider's cache
--   cache_write_tokens   the part of input_tokens written to the cache (OpenRouter's prompt_tokens_details.cache_write_tokens)
--   output_tokens        every billed output token: the answer and the thoughts
--   reasoning_tokens     the part of output_tokens the model spent thinking
-- cost = (input - cached - cache_write) x input price + cached x cached price + cache_write x cache-write price
--        + output x output price (+ images); a missing cached or cache-write price means the input price.
--
-- Adding columns with a constant default rewrites nothing (PostgreSQL 11+), so this is quick on a large table.

ALTER TABLE api_key_usage
    ADD COLUMN cached_input_tokens integer NOT NULL DEFAULT 0 CHECK (cached_input_tokens >= 0),
    ADD COLUMN reasoning_tokens    integer NOT NULL DEFAULT 0 CHECK (reasoning_tokens >= 0),
    ADD COLUMN cache_write_tokens  integer NOT NULL DEFAULT 0 CHECK (cache_write_tokens >= 0);

-- Part of a price version like the other prices: a change makes a new version. NULL: no separate price.
ALTER TABLE model_pricing
    ADD COLUMN cached_input_usd_per_mtok numeric(20,10) CHECK (cached_input_usd_per_mtok >= 0),
    ADD COLUMN cache_write_usd_per_mtok  numeric(20,10) CHECK (cache_write_usd_per_mtok >= 0);

-- Cached-input prices of the seeded models, filled into their seed version (1) rather than a new version: the list
-- price did not change, the seed only lacked this facet of it, and no usage row charged at version 1 has cached
-- tokens (the column is new), so no past charge changes meaning. Rows an operator or a sync has since replaced keep
-- their own versions; a sync brings OpenRouter's cache prices for those.
--
-- Sources (standard tier, text, prompts <= 200k tokens), as published when this was written (2025-11):
--   Google, https://ai.google.dev/gemini-api/docs/pricing ("context caching price"; implicit-cache hits are billed
--   at it too, https://ai.google.dev/gemini-api/docs/caching):
--     gemini-2.5-pro 0.125, gemini-2.5-flash 0.03, gemini-2.5-flash-lite 0.01
--     (2.5 Pro's 0.125 is also quoted from that page in https://discuss.ai.google.dev/t/question-about-gemini-api-caching-pricing/107349)
--   Anthropic, https://docs.anthropic.com/en/docs/about-claude/pricing: claude-sonnet-4 cache hits 0.30,
--     5-minute cache writes 3.75 (OpenRouter passes both through: pricing.input_cache_read / input_cache_write)
--   OpenAI, https://platform.openai.com/docs/pricing: gpt-4.1-mini cached input 0.10
--   OpenRouter's google/* models pass Google's prices through. Storage fees of explicit caches are not per request
--   and are not metered here (DevBot creates no explicit caches).
UPDATE model_pricing AS p
SET cached_input_usd_per_mtok = c.cached,
    cache_write_usd_per_mtok  = c.cache_write,
    source = p.source || '; cached input: ' || c.source
FROM (VALUES
    ('google',     'gemini-2.5-pro',            0.125, NULL::numeric, 'ai.google.dev/gemini-api/docs/pricing (2025-11)'),
    ('google',     'gemini-2.5-flash',          0.03,  NULL,          'ai.google.dev/gemini-api/docs/pricing (2025-11)'),
    ('google',     'gemini-2.5-flash-lite',     0.01,  NULL,          'ai.google.dev/gemini-api/docs/pricing (2025-11)'),
    ('openrouter', 'google/gemini-2.5-pro',     0.125, NULL,          'ai.google.dev/gemini-api/docs/pricing (2025-11)'),
    ('openrouter', 'google/gemini-2.5-flash',   0.03,  NULL,          'ai.google.dev/gemini-api/docs/pricing (2025-11)'),
    ('openrouter', 'anthropic/claude-sonnet-4', 0.30,  3.75,          'docs.anthropic.com/en/docs/about-claude/pricing (2025-11)'),
    ('openrouter', 'openai/gpt-4.1-mini',       0.10,  NULL,          'platform.openai.com/docs/pricing (2025-11)'),
    ('scripted',   'scripted-architect',        0.125, NULL,          'priced as gemini-2.5-pro'),
    ('scripted',   'scripted-implementer',      0.03,  NULL,          'priced as gemini-2.5-flash')
) AS c (provider, model, cached, cache_write, source)
WHERE p.provider = c.provider AND p.model = c.model AND p.price_version = 1 AND p.source LIKE 'seed:%';

-- The settle functions gain the three counts. New argument lists make new overloads beside the 0006 ones, which
-- stay for silos of the previous version during a rolling upgrade (their rows get zero counts); a later migration
-- can drop them. Bodies are 0006's with the three columns added.

CREATE OR REPLACE FUNCTION ledger_settle(
    p_user bigint, p_call text, p_project uuid, p_key_id bigint, p_provider text, p_model text, p_task_type text,
    p_input_tokens integer, p_output_tokens integer, p_images integer, p_response_ms integer, p_price_version integer,
    p_computed_cost numeric, p_provider_cost numeric, p_charged_cost numeric, p_credits numeric,
    p_cached_input_tokens integer, p_reasoning_tokens integer, p_cache_write_tokens integer)
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
                               provider_cost_usd, charged_cost_usd, credits_charged, cached_input_tokens,
                               reasoning_tokens, cache_write_tokens)
    VALUES (p_call, p_user, COALESCE(p_project, h.project_id), p_key_id, p_provider, p_model, p_task_type,
            p_input_tokens, p_output_tokens, p_images, p_response_ms, p_price_version, p_computed_cost,
            p_provider_cost, p_charged_cost, charge, p_cached_input_tokens, p_reasoning_tokens, p_cache_write_tokens)
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

CREATE OR REPLACE FUNCTION ledger_settle_batch(
    p_users bigint[], p_calls text[], p_projects uuid[], p_keys bigint[], p_providers text[], p_models text[],
    p_tasks text[], p_input_tokens integer[], p_output_tokens integer[], p_images integer[], p_response_ms integer[],
    p_versions integer[], p_computed numeric[], p_reported numeric[], p_charged numeric[], p_credits numeric[],
    p_cached_input_tokens integer[], p_reasoning_tokens integer[], p_cache_write_tokens integer[])
RETURNS TABLE (idx bigint, status text, usage_id bigint, credits_charged numeric, cost_usd numeric, balance numeric, held numeric)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM ledger_lock_users(p_users);

    RETURN QUERY
    WITH input AS (
        SELECT t.* FROM unnest(p_users, p_calls, p_projects, p_keys, p_providers, p_models, p_tasks, p_input_tokens,
                               p_output_tokens, p_images, p_response_ms, p_versions, p_computed, p_reported, p_charged, p_credits,
                               p_cached_input_tokens, p_reasoning_tokens, p_cache_write_tokens)
            WITH ORDINALITY AS t(user_id, call_id, project_id, key_id, provider, model, task_type, input_tokens,
                                 output_tokens, images, response_ms, price_version, computed, reported, charged, credits,
                                 cached_input_tokens, reasoning_tokens, cache_write_tokens, idx)),
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
                                   provider_cost_usd, charged_cost_usd, credits_charged, cached_input_tokens,
                                   reasoning_tokens, cache_write_tokens)
        SELECT c.call_id, c.user_id, COALESCE(c.project_id, c.hold_project), c.key_id, c.provider, c.model, c.task_type,
               c.input_tokens, c.output_tokens, c.images, c.response_ms, c.price_version, c.computed, c.reported,
               c.charged, c.charge, c.cached_input_tokens, c.reasoning_tokens, c.cache_write_tokens
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
