-- Seed prices (USD per million tokens), price_version 1. Operators keep them current with `pricing sync`
-- (OpenRouter's /api/v1/models) or `pricing set`; every usage row records the version it was charged at.
--
-- Sources, as published when this seed was written (June 2025 list prices, standard tier, prompts <= 200k tokens):
--   Google: https://ai.google.dev/gemini-api/docs/pricing
--     gemini-2.5-pro        input 1.25  output 10.00
--     gemini-2.5-flash      input 0.30  output  2.50
--     gemini-2.5-flash-lite input 0.10  output  0.40
--     gemini-embedding-001  input 0.15
--   OpenRouter (pass-through of the upstream list price): https://openrouter.ai/api/v1/models
--     google/gemini-2.5-pro 1.25/10.00, google/gemini-2.5-flash 0.30/2.50, anthropic/claude-sonnet-4 3.00/15.00,
--     openai/gpt-4.1-mini 0.40/1.60, openai/text-embedding-3-small 0.02/0
--   scripted: DevBot's scripted model server (tests and the offline demo) is priced like the models it stands in
--   for, so that the demo shows realistic costs; no money is spent on it.

INSERT INTO model_pricing (provider, model, price_version, input_usd_per_mtok, output_usd_per_mtok, image_usd, context_tokens, source, is_current)
VALUES
    ('google',     'gemini-2.5-pro',                1,  1.25, 10.00, 0, 1048576, 'seed: ai.google.dev/gemini-api/docs/pricing (2025-06)', true),
    ('google',     'gemini-2.5-flash',              1,  0.30,  2.50, 0, 1048576, 'seed: ai.google.dev/gemini-api/docs/pricing (2025-06)', true),
    ('google',     'gemini-2.5-flash-lite',         1,  0.10,  0.40, 0, 1048576, 'seed: ai.google.dev/gemini-api/docs/pricing (2025-06)', true),
    ('google',     'gemini-embedding-001',          1,  0.15,  0.00, 0,    2048, 'seed: ai.google.dev/gemini-api/docs/pricing (2025-06)', true),
    ('openrouter', 'google/gemini-2.5-pro',         1,  1.25, 10.00, 0, 1048576, 'seed: openrouter.ai/api/v1/models (2025-06)', true),
    ('openrouter', 'google/gemini-2.5-flash',       1,  0.30,  2.50, 0, 1048576, 'seed: openrouter.ai/api/v1/models (2025-06)', true),
    ('openrouter', 'anthropic/claude-sonnet-4',     1,  3.00, 15.00, 0,  200000, 'seed: openrouter.ai/api/v1/models (2025-06)', true),
    ('openrouter', 'openai/gpt-4.1-mini',           1,  0.40,  1.60, 0, 1047576, 'seed: openrouter.ai/api/v1/models (2025-06)', true),
    ('openrouter', 'openai/text-embedding-3-small', 1,  0.02,  0.00, 0,    8192, 'seed: openrouter.ai/api/v1/models (2025-06)', true),
    ('scripted',   'scripted-architect',            1,  1.25, 10.00, 0, 1048576, 'seed: priced as gemini-2.5-pro (no real spend)', true),
    ('scripted',   'scripted-implementer',          1,  0.30,  2.50, 0, 1048576, 'seed: priced as gemini-2.5-flash (no real spend)', true),
    ('scripted',   'scripted-embedding',            1,  0.15,  0.00, 0,    2048, 'seed: priced as gemini-embedding-001 (no real spend)', true);
