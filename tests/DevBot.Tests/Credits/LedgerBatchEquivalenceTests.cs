using DevBot.GrainInterfaces.Credits;
using DevBot.Grains.Credits;
using DevBot.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DevBot.Tests.Credits;

/// <summary>
/// Group commit must not change what the ledger answers: the same operations applied one by one (single-operation
/// functions) and in batches (the batch writer) give the same outcomes and leave the same rows.
/// </summary>
public sealed class LedgerBatchEquivalenceTests
{
    // Cached, reasoning and cache-write counts too, so both settle paths are shown to store them alike.
    private static readonly ModelUsage Usage = new("google", "gemini-2.5-pro", "t", 1000, 500, 0, 5, null, null, null,
        CachedInputTokens: 400, ReasoningTokens: 300, CacheWriteTokens: 100);

    [Fact]
    public async Task ReserveAndSettle_Batched_MatchOneByOne()
    {
        var single = await SeedAsync();
        var batched = await SeedAsync();
        // Every operation through the batch functions (none applied directly), to compare them with one by one.
        await using var batchWriter = new LedgerBatchWriter(batched.DataSource, batched.Store,
            Options.Create(new CreditOptions { DirectWrites = 0 }), NullLogger<LedgerBatchWriter>.Instance);

        ReserveOperation[] reserves =
        [
            new(1, "open-1", 2m, null, "google", "gemini-2.5-pro", 1),     // replayed: already open
            new(2, "settled-2", 2m, null, "google", "gemini-2.5-pro", 1),  // already settled
            new(3, "voided-3", 2m, null, "google", "gemini-2.5-pro", 1),   // a voided call id may be reserved again
            new(4, "r-4", 2m, null, "google", "gemini-2.5-pro", 1),        // insufficient: 0.5 available
            new(5, "open-1", 2m, null, "google", "gemini-2.5-pro", 1),     // conflict: another user's call id
            new(6, "new-6", 1m, null, "google", "gemini-2.5-pro", 1),      // unknown user: row created, insufficient
            new(7, "fresh-7", 3m, null, "google", "gemini-2.5-pro", 1),    // reserved
        ];
        var oneByOne = new List<LedgerOutcome>();
        foreach (var op in reserves)
        {
            oneByOne.Add(await single.Store.ReserveAsync(op.UserId, op.CallId, op.Credits, new CreditOptions().HoldTtl, op.ProjectId, op.Provider, op.Model, op.PriceVersion));
        }

        var together = await Task.WhenAll(reserves.Select(batchWriter.ReserveAsync));
        Assert.Equal([LedgerStatus.Replayed, LedgerStatus.AlreadySettled, LedgerStatus.Reserved, LedgerStatus.Insufficient, LedgerStatus.Conflict, LedgerStatus.Insufficient, LedgerStatus.Reserved],
            together.Select(o => o.Status));
        AssertSameOutcomes(oneByOne, together);

        SettleOperation[] settles =
        [
            new(1, "open-1", Usage, 1, 0.00625m, 0.00625m, 0.9375m),       // settled
            new(2, "settled-2", Usage, 1, 0.00625m, 0.00625m, 0.9375m),    // replayed (first charge returned)
            new(3, "voided-3", Usage, 1, 0.00625m, 0.00625m, 0.9375m),     // settled (re-reserved above)
            new(4, "never", Usage, 1, 0.00625m, 0.00625m, 0.9375m),        // not found
            new(7, "fresh-7", Usage, 1, 1m, 1m, 150m),                     // capped: settled_partial
            new(8, "voided-8", Usage, 1, 0.00625m, 0.00625m, 0.9375m),     // voided
        ];
        var settledOneByOne = new List<LedgerOutcome>();
        foreach (var op in settles)
        {
            settledOneByOne.Add(await single.Store.SettleAsync(op.UserId, op.CallId, op.Usage, op.PriceVersion, op.ComputedCostUsd, op.ChargedCostUsd, op.Credits));
        }

        var settledTogether = await Task.WhenAll(settles.Select(batchWriter.SettleAsync));
        Assert.Equal([LedgerStatus.Settled, LedgerStatus.Replayed, LedgerStatus.Settled, LedgerStatus.NotFound, LedgerStatus.SettledPartial, LedgerStatus.Voided],
            settledTogether.Select(o => o.Status));
        AssertSameOutcomes(settledOneByOne, settledTogether);
        Assert.Equal(settledOneByOne.Select(o => o.CostUsd), settledTogether.Select(o => o.CostUsd));

        Assert.Equal(await SnapshotAsync(single.ConnectionString), await SnapshotAsync(batched.ConnectionString));
        var counts = (await Sql.RowsAsync(batched.ConnectionString,
            "SELECT cached_input_tokens, reasoning_tokens, cache_write_tokens FROM api_key_usage WHERE call_id = 'open-1'")).Single();
        Assert.Equal([400, 300, 100], counts);
    }

    private static void AssertSameOutcomes(IReadOnlyList<LedgerOutcome> expected, IReadOnlyList<LedgerOutcome> actual)
    {
        Assert.Equal(expected.Select(o => (o.Status, o.Amount, o.Balance, o.Held)), actual.Select(o => (o.Status, o.Amount, o.Balance, o.Held)));
    }

    private static async Task<(string ConnectionString, NpgsqlDataSource DataSource, LedgerStore Store)> SeedAsync()
    {
        var connectionString = await TestPostgres.CreateMigratedDatabaseAsync("batch");
        var dataSource = NpgsqlDataSource.Create(connectionString);
        var store = new LedgerStore(dataSource);
        var ttl = TimeSpan.FromMinutes(10);
        foreach (var user in new long[] { 1, 2, 3, 5, 7, 8 })
        {
            await store.PostAsync(user, "seed", "grant", 10m, null, null, null, null);
        }

        await store.PostAsync(4, "seed", "grant", 0.5m, null, null, null, null);
        await store.ReserveAsync(1, "open-1", 1m, ttl, null, "google", "gemini-2.5-pro", 1);
        await store.ReserveAsync(2, "settled-2", 1m, ttl, null, "google", "gemini-2.5-pro", 1);
        await store.SettleAsync(2, "settled-2", Usage, 1, 0.00625m, 0.00625m, 0.9375m);
        await store.ReserveAsync(3, "voided-3", 1m, ttl, null, "google", "gemini-2.5-pro", 1);
        await store.VoidAsync(3, "voided-3");
        await store.ReserveAsync(8, "voided-8", 1m, ttl, null, "google", "gemini-2.5-pro", 1);
        await store.VoidAsync(8, "voided-8");
        return (connectionString, dataSource, store);
    }

    private static async Task<string> SnapshotAsync(string connectionString)
    {
        var users = await Sql.RowsAsync(connectionString, "SELECT user_id, credits_balance, credits_held FROM users ORDER BY user_id");
        var holds = await Sql.RowsAsync(connectionString, "SELECT call_id, user_id, amount, status, settled_credits FROM credit_holds ORDER BY call_id");
        var usage = await Sql.RowsAsync(connectionString, "SELECT call_id, user_id, credits_charged, charged_cost_usd, input_tokens, output_tokens, cached_input_tokens, reasoning_tokens, cache_write_tokens FROM api_key_usage ORDER BY call_id");
        var transactions = await Sql.RowsAsync(connectionString,
            "SELECT user_id, idempotency_key, kind, credits_amount, balance_after FROM credit_transactions ORDER BY user_id, idempotency_key");
        return string.Join('\n', new[] { users, holds, usage, transactions }.SelectMany(t => t).Select(r => string.Join('|', r)));
    }
}
