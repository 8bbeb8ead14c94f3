using System.Diagnostics;
using System.Globalization;
using DevBot.Data.Embedded;
using DevBot.Data.Migrations;
using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Keys;
using DevBot.GrainInterfaces.Pricing;
using Microsoft.Extensions.Logging.Abstractions;

namespace DevBot.Bench;

/// <summary>Latency of each grain call on the metered path, one at a time, to see where a request's overhead goes.</summary>
public static class ProbeBenchmark
{
    public static async Task<int> RunAsync(IDictionary<string, string?> settings)
    {
        await using var postgres = await EmbeddedPostgres.StartAsync(EmbeddedPostgresSettings.CreateThrowaway(relaxedDurability: Environment.GetEnvironmentVariable("BENCH_RELAXED") == "1"));
        await DatabaseMigrator.MigrateAsync(postgres.ConnectionString, NullLogger.Instance);
        settings["API_KEY_ENCRYPTION_KEY"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        await using var silo = await BenchSilo.StartAsync(postgres.ConnectionString, settings);
        var grains = silo.GrainFactory;
        var pricing = grains.GetGrain<IModelPricingGrain>(IModelPricingGrain.CatalogKey);
        var pool = grains.GetGrain<IApiKeyPoolGrain>("probe");
        await pool.AddAsync(new ApiKeySecret("sk-probe-" + Guid.NewGuid().ToString("N")), null, null);
        var ledger = grains.GetGrain<ICreditLedgerGrain>(7);
        await ledger.GrantAsync(new CreditGrant("probe", 1_000_000m, GrantKind.Manual, null));
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(postgres.ConnectionString);
        var store = new DevBot.Grains.Credits.LedgerStore(dataSource);
        await store.PostAsync(8, "probe", "grant", 1_000_000m, null, null, null, null);
        await using var select1 = dataSource.CreateCommand("SELECT 1");
        var usage = new ModelUsage("google", "gemini-2.5-flash", "probe", 800, 200, 0, 1, null, null, null);

        var steps = new (string Name, Func<int, Task> Run)[]
        {
            ("pricing.get", _ => pricing.GetPriceAsync("google", "gemini-2.5-flash")),
            ("pool.lease", _ => pool.LeaseAsync()),
            ("pool.report", _ => pool.ReportAsync(1, KeyOutcome.Success, null)),
            ("ledger.balance", _ => ledger.GetBalanceAsync()),
            ("ledger.reserve", i => ledger.ReserveAsync(new ReserveRequest($"p-{i}", 1m, "google", "gemini-2.5-flash", null))),
            ("ledger.settle", i => ledger.SettleAsync(new SettleRequest($"p-{i}", usage))),
            ("sql.reserve", i => store.ReserveAsync(8, $"s-{i}", 1m, TimeSpan.FromMinutes(10), null, "google", "gemini-2.5-flash", 1)),
            ("sql.settle", i => store.SettleAsync(8, $"s-{i}", usage, 1, 0.0007m, 0.0007m, 0.105m)),
            ("sql.select1", _ => select1.ExecuteScalarAsync()),
        };
        foreach (var (name, run) in steps)
        {
            for (var i = 0; i < 100; i++)
            {
                await run(i);
            }

            var samples = new List<double>();
            for (var i = 100; i < 600; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await run(i);
                samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }

            samples.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# {name,-16} p50_ms={samples[samples.Count / 2]:0.000} p99_ms={samples[(int)(samples.Count * 0.99)]:0.000}"));
        }

        return 0;
    }
}
