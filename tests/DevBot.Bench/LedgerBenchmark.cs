using System.Diagnostics;
using System.Globalization;
using DevBot.Data.Embedded;
using DevBot.Data.Migrations;
using DevBot.GrainInterfaces.Credits;
using DevBot.Grains.Credits;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace DevBot.Bench;

/// <summary>
/// Reserve+settle pairs from many concurrent users through the ledger grains, and the same ledger SQL called
/// directly with Npgsql (no Orleans) as the baseline, against one embedded PostgreSQL with durable commits.
/// </summary>
public static class LedgerBenchmark
{
    private const string Provider = "google";
    private const string Model = "gemini-2.5-flash";

    public static async Task<int> RunAsync(int users, TimeSpan duration, TimeSpan warmup, IDictionary<string, string?> settings)
    {
        await using var postgres = await EmbeddedPostgres.StartAsync(EmbeddedPostgresSettings.CreateThrowaway(relaxedDurability: false));
        var connectionString = postgres.ConnectionString;
        await DatabaseMigrator.MigrateAsync(connectionString, NullLogger.Instance);

        await using var silo = await BenchSilo.StartAsync(connectionString, settings);
        var grainUsers = Enumerable.Range(1, users).Select(i => 10_000_000L + i).ToArray();
        var baselineUsers = Enumerable.Range(1, users).Select(i => 20_000_000L + i).ToArray();
        foreach (var user in grainUsers)
        {
            await silo.GrainFactory.GetGrain<ICreditLedgerGrain>(user).GrantAsync(new CreditGrant("bench-seed", 1_000_000m, GrantKind.Manual, null));
        }

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var store = new LedgerStore(dataSource);
        foreach (var user in baselineUsers)
        {
            await store.PostAsync(user, "bench-seed", "grant", 1_000_000m, null, null, null, null);
        }

        // The flash price as seeded; the baseline computes charges the way the grain does.
        const decimal inputPrice = 0.30m, outputPrice = 2.50m;
        var usage = new ModelUsage(Provider, Model, "bench", 1200, 400, 0, 5, null, null, null);
        var credits = CreditMath.Credits(CreditMath.CostUsd(inputPrice, outputPrice, 0m, usage.InputTokens, usage.OutputTokens, 0), 0.01m, 1.5m);

        Func<long, string, LatencyRecorder, Task> viaGrains = async (user, callId, recorder) =>
        {
            var ledger = silo.GrainFactory.GetGrain<ICreditLedgerGrain>(user);
            await recorder.TimeAsync(() => ledger.ReserveAsync(new ReserveRequest(callId, 1m, Provider, Model, null)));
            await recorder.TimeAsync(() => ledger.SettleAsync(new SettleRequest(callId, usage)));
        };
        Func<long, string, LatencyRecorder, Task> viaSql = async (user, callId, recorder) =>
        {
            await recorder.TimeAsync(() => store.ReserveAsync(user, callId, 1m, TimeSpan.FromMinutes(10), null, Provider, Model, 1));
            var cost = CreditMath.CostUsd(inputPrice, outputPrice, 0m, usage.InputTokens, usage.OutputTokens, 0);
            await recorder.TimeAsync(() => store.SettleAsync(user, callId, usage, 1, cost, cost, credits));
        };

        await MeasureAsync("warmup-grain", grainUsers, warmup, viaGrains);
        await MeasureAsync("warmup-sql", baselineUsers, warmup, viaSql);
        var (grainRate, grainP99) = await MeasureAsync("grain", grainUsers, duration, viaGrains);
        var (sqlRate, sqlP99) = await MeasureAsync("sql", baselineUsers, duration, viaSql);

        await using var connection = await dataSource.OpenConnectionAsync();
        await using var driftQuery = new NpgsqlCommand("""
            SELECT COALESCE(sum(abs(u.credits_balance - COALESCE(t.total, 0))), 0),
                   (SELECT count(*) FROM credit_holds WHERE status = 'open')
            FROM users u LEFT JOIN (SELECT user_id, sum(credits_amount) AS total FROM credit_transactions GROUP BY user_id) t
              ON t.user_id = u.user_id
            """, connection);
        await using var reader = await driftQuery.ExecuteReaderAsync();
        await reader.ReadAsync();
        var drift = reader.GetDecimal(0);
        var openHolds = reader.GetInt64(1);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# users={users} duration_s={duration.TotalSeconds:0} grain_p99_ms={grainP99:0.00} sql_p99_ms={sqlP99:0.00} open_holds={openHolds} cores={Environment.ProcessorCount}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT ledger calls_per_s={grainRate:0} p99_ms={grainP99:0.00} baseline_calls_per_s={sqlRate:0} ratio={grainRate / sqlRate:0.00} drift={drift}"));
        return drift == 0 && openHolds == 0 ? 0 : 1;
    }

    private static async Task<(double CallsPerSecond, double P99)> MeasureAsync(
        string name, long[] users, TimeSpan duration, Func<long, string, LatencyRecorder, Task> pair)
    {
        var recorder = new LatencyRecorder();
        var stopwatch = Stopwatch.StartNew();
        var deadline = duration;
        var workers = users.Select(user => Task.Run(async () =>
        {
            var n = 0;
            while (stopwatch.Elapsed < deadline)
            {
                await pair(user, $"{name}-{user}-{n++}", recorder);
            }
        }));
        await Task.WhenAll(workers);
        var elapsed = stopwatch.Elapsed.TotalSeconds;
        return (recorder.Count / elapsed, recorder.Percentile(99));
    }
}
