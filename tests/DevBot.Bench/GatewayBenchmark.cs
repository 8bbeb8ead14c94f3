using System.ClientModel;
using System.Globalization;
using System.Security.Cryptography;
using DevBot.Data.Embedded;
using DevBot.Data.Migrations;
using DevBot.Gateway;
using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Keys;
using DevBot.GrainInterfaces.Pricing;
using DevBot.ScriptedModels;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAI;

namespace DevBot.Bench;

/// <summary>
/// The same chat requests sent to the scripted model server directly with the OpenAI client and through DevBot's
/// whole pipeline (pricing, ledger reserve and settle on embedded PostgreSQL with durable commits, key lease and
/// report, retries); the difference is DevBot's overhead per request.
/// </summary>
public static class GatewayBenchmark
{
    public static async Task<int> RunAsync(int requests, int concurrency, IDictionary<string, string?> settings, bool breakdown = false)
    {
        await using var postgres = await EmbeddedPostgres.StartAsync(EmbeddedPostgresSettings.CreateThrowaway(relaxedDurability: Environment.GetEnvironmentVariable("BENCH_RELAXED") == "1"));
        await DatabaseMigrator.MigrateAsync(postgres.ConnectionString, NullLogger.Instance);
        await using var models = await ScriptedModelServer.StartAsync(new RuleScript().When(_ => true, _ => new ScriptedReply("ok", InputTokens: 800, OutputTokens: 200)));

        settings["API_KEY_ENCRYPTION_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        settings["Models:Providers:bench:BaseUrl"] = models.BaseUrl.ToString();
        await using var silo = await BenchSilo.StartAsync(postgres.ConnectionString, settings);
        var grains = silo.GrainFactory;
        await grains.GetGrain<IModelPricingGrain>(IModelPricingGrain.CatalogKey).SetPriceAsync(new ModelPriceUpdate("bench", "m", 1m, 2m, 0m, null, "bench"));
        for (var i = 0; i < 3; i++)
        {
            await grains.GetGrain<IApiKeyPoolGrain>("bench").AddAsync(new ApiKeySecret($"sk-bench-{i}-{Guid.NewGuid():N}"), "bench", null);
        }

        // One user (project) per worker: a user's ledger operations are serialised by design, projects run side by side.
        for (var worker = 0; worker < concurrency; worker++)
        {
            await grains.GetGrain<ICreditLedgerGrain>(UserOf(worker)).GrantAsync(new CreditGrant("bench", 10_000_000m, GrantKind.Manual, null));
        }

        var direct = new OpenAIClient(new ApiKeyCredential("sk-direct"), new OpenAIClientOptions { Endpoint = models.BaseUrl })
            .GetChatClient("m").AsIChatClient();
        var pipeline = silo.Services.GetRequiredService<ModelGateway>().GetChatClient(new ModelRef("bench", "m"));
        List<ChatMessage> prompt = [new(ChatRole.User, "Write the function that adds two numbers.")];

        Func<int, int, Task> viaDirect = (_, _) => direct.GetResponseAsync(prompt, new ChatOptions());
        Func<int, int, Task> viaPipeline = (worker, i) => pipeline.GetResponseAsync(prompt, new ModelCall(UserOf(worker), null, $"bench-{i}", "bench").Apply());

        using var counters = new RuntimeCounters();
        using var phases = new OverheadPhases();
        await MeasureAsync(Math.Max(50, requests / 10), concurrency, viaDirect);
        await MeasureAsync(Math.Max(50, requests / 10), concurrency, (worker, i) => viaPipeline(worker, 1_000_000 + i));
        var directLatency = await MeasureAsync(requests, concurrency, viaDirect);
        counters.Reset();
        phases.Reset();
        var pipelineLatency = await MeasureAsync(requests, concurrency, viaPipeline);
        var pipelineCounters = counters.Snapshot();
        var pipelinePhases = phases.Medians();

        if (breakdown)
        {
            // The pipeline's parts alone, at the same concurrency: where the overhead goes.
            var pricing = grains.GetGrain<IModelPricingGrain>(IModelPricingGrain.CatalogKey);
            var pool = grains.GetGrain<IApiKeyPoolGrain>("bench");
            var price = await MeasureAsync(requests, concurrency, (_, _) => pricing.GetPriceAsync("bench", "m"));
            var lease = await MeasureAsync(requests, concurrency, async (_, _) =>
            {
                var leased = await pool.LeaseAsync();
                await pool.ReportAsync(leased.Lease!.KeyId, KeyOutcome.Success, null);
            });
            var reserve = new LatencyRecorder();
            var settle = new LatencyRecorder();
            await MeasureAsync(requests, concurrency, async (worker, i) =>
            {
                var ledger = grains.GetGrain<ICreditLedgerGrain>(UserOf(worker));
                var callId = $"parts-{i}";
                await reserve.TimeAsync(() => ledger.ReserveAsync(new ReserveRequest(callId, 0.5m, "bench", "m", null)));
                await settle.TimeAsync(() => ledger.SettleAsync(new SettleRequest(callId, new ModelUsage("bench", "m", "bench", 800, 200, 0, 2, null, null, null))));
            });
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"# parts concurrency={concurrency} price_p50_ms={price.Percentile(50):0.00} lease_report_p50_ms={lease.Percentile(50):0.00} reserve_p50_ms={reserve.Percentile(50):0.00} settle_p50_ms={settle.Percentile(50):0.00} reserve_p99_ms={reserve.Percentile(99):0.00} settle_p99_ms={settle.Percentile(99):0.00}"));
        }

        var usageRows = await BenchSql.ScalarAsync(postgres.ConnectionString, "SELECT count(*) FROM api_key_usage");
        var drift = await BenchSql.ScalarAsync(postgres.ConnectionString, BenchSql.Drift);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# concurrency={concurrency} direct_p99_ms={directLatency.Percentile(99):0.00} pipeline_p99_ms={pipelineLatency.Percentile(99):0.00} usage_rows={usageRows} drift={drift}"));
        Console.WriteLine("# pipeline counters " + pipelineCounters);
        Console.WriteLine("# pipeline phases " + pipelinePhases);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT gateway requests={requests} load1={LoadAverage()} overhead_p50_ms={pipelineLatency.Percentile(50) - directLatency.Percentile(50):0.00} overhead_p99_ms={pipelineLatency.Percentile(99) - directLatency.Percentile(99):0.00} direct_p50_ms={directLatency.Percentile(50):0.00} pipeline_p50_ms={pipelineLatency.Percentile(50):0.00}"));
        return 0;
    }

    private static long UserOf(int worker) => 42 + worker;

    /// <summary>The machine's 1-minute load average (shared machines: a figure means little without it).</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static async Task<LatencyRecorder> MeasureAsync(int requests, int concurrency, Func<int, int, Task> send)
    {
        var recorder = new LatencyRecorder();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                await recorder.TimeAsync(async () =>
                {
                    await send(worker, i);
                    return true;
                });
            }
        })));
        return recorder;
    }
}
