using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using DevBot.Data.Embedded;
using DevBot.Data.Migrations;
using DevBot.Gateway;
using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Projects;
using DevBot.Grains.Projects;
using DevBot.ScriptedModels;
using DevBot.Workspace.Sandbox;
using Microsoft.Extensions.Logging.Abstractions;

namespace DevBot.Bench;

/// <summary>
/// N sample projects run side by side from idea to package on the scripted model (no model latency), on embedded
/// PostgreSQL with durable commits, real git and the real sandbox. DevBot's overhead per step is the workers' and
/// the project grains' time less the time spent waiting for the model and running the project's own tests.
/// </summary>
public static class PipelineBenchmark
{
    public static async Task<int> RunAsync(int projects, IDictionary<string, string?> settings)
    {
        await using var postgres = await EmbeddedPostgres.StartAsync(EmbeddedPostgresSettings.CreateThrowaway(relaxedDurability: Environment.GetEnvironmentVariable("BENCH_RELAXED") == "1"));
        await DatabaseMigrator.MigrateAsync(postgres.ConnectionString, NullLogger.Instance);
        var scenario = new SampleProjectScenario();
        await using var models = await ScriptedModelServer.StartAsync(scenario);
        var workspaces = Path.Combine(Path.GetTempPath(), "devbot-bench-workspaces-" + Guid.NewGuid().ToString("N")[..8]);
        settings["Models:Providers:scripted:BaseUrl"] = models.BaseUrl.ToString();
        settings["Models:Providers:scripted:UseKeyPool"] = "false";
        settings["Models:Roles:Architect:0"] = "scripted:scripted-architect";
        settings["Models:Roles:Implementer:0"] = "scripted:scripted-implementer";
        settings["Models:Roles:Embedding:0"] = "scripted:scripted-embedding";
        settings.TryAdd("Workspace:Root", workspaces);
        var contextTokens = int.Parse(settings.TryGetValue("Projects:ImplementerContextTokens", out var configured) && configured is not null ? configured : "6000",
            CultureInfo.InvariantCulture);

        try
        {
            await using var silo = await BenchSilo.StartAsync(postgres.ConnectionString, settings);
            var grains = silo.GrainFactory;
            using var time = new TimeAccounts();

            // One project first, alone, so that the measured run does not pay for JIT and first connections.
            await RunProjectAsync(grains, 1);
            time.Reset();

            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            var states = await Task.WhenAll(Enumerable.Range(0, projects).Select(i => RunProjectAsync(grains, 100 + i)));
            wall.Stop();
            process.Refresh();
            var cpu = process.TotalProcessorTime - cpuBefore;

            var completed = states.Count(s => s == ProjectState.Completed);
            var steps = Math.Max(1, time.Steps);
            var overhead = (time.StepMs + time.HandlingMs - time.ModelMs - time.SandboxMs) / steps;
            var promptP95 = await BenchSql.ScalarAsync(postgres.ConnectionString,
                "SELECT COALESCE(percentile_disc(0.95) WITHIN GROUP (ORDER BY input_tokens), 0) FROM api_key_usage WHERE task_type = 'implement_todo'");
            var promptMax = await BenchSql.ScalarAsync(postgres.ConnectionString, "SELECT COALESCE(max(input_tokens), 0) FROM api_key_usage WHERE task_type = 'implement_todo'");
            var drift = await BenchSql.ScalarAsync(postgres.ConnectionString, BenchSql.Drift);
            var openHolds = await BenchSql.ScalarAsync(postgres.ConnectionString, "SELECT count(*) FROM credit_holds WHERE status = 'open'");

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"# steps={time.Steps} per_project={time.Steps / (double)projects:0.0} worker_ms={time.StepMs / steps:0.00} handling_ms={time.HandlingMs / steps:0.00} model_ms={time.ModelMs / steps:0.00} sandbox_ms={time.SandboxMs / steps:0.00} model_requests={time.ModelRequests} sandbox_runs={time.SandboxRuns}"));
            Console.WriteLine("# worker_ms_by_kind " + string.Join(' ', time.ByKind.OrderBy(k => k.Key, StringComparer.Ordinal)
                .Select(k => string.Create(CultureInfo.InvariantCulture, $"{k.Key}={k.Value.Ms / k.Value.Count:0.0}x{k.Value.Count}"))));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"# steps_per_s={time.Steps / wall.Elapsed.TotalSeconds:0.0} process_cpu_ms_per_step={cpu.TotalMilliseconds / steps:0.0} (silo; PostgreSQL and git excluded) implementer_prompt_max={promptMax} context_budget={contextTokens} open_holds={openHolds}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT pipeline projects={projects} completed={completed} wall_s={wall.Elapsed.TotalSeconds:0.00} overhead_ms_per_step={overhead:0.00} prompt_tokens_p95={promptP95} drift={drift}"));
            return completed == projects && drift == 0 ? 0 : 1;
        }
        finally
        {
            if (Directory.Exists(workspaces))
            {
                Directory.Delete(workspaces, recursive: true);
            }
        }
    }

    /// <summary>The user's side of one project: credits, the idea, answers, scope, go — then wait for the end.</summary>
    internal static async Task<ProjectState> RunProjectAsync(IGrainFactory grains, long user, Guid? id = null)
    {
        await grains.GetGrain<ICreditLedgerGrain>(user).GrantAsync(new CreditGrant($"bench-{user}", 1000m, GrantKind.Manual, null));
        var projectId = id ?? Guid.NewGuid();
        var project = grains.GetGrain<IProjectGrain>(projectId);
        await ProjectBenchmark.UpToTheStartAsync(project, user, "I want a small tool to keep short notes from the command line.",
            "Command line. Yes, search and delete. A local JSON file.");
        await ProjectBenchmark.Expect(project.StartDevelopmentAsync(user));
        var final = await ProjectBenchmark.WaitAsync(project, s => s.State is ProjectState.Completed or ProjectState.Failed or ProjectState.Paused or ProjectState.Cancelled);
        if (final.State != ProjectState.Completed)
        {
            Console.Error.WriteLine($"project {projectId}: {final.State} ({final.Pause}): {final.Activity}");
        }

        return final.State;
    }

    /// <summary>Sums the pipeline's, the gateway's and the sandbox's duration instruments while the run lasts.</summary>
    internal sealed class TimeAccounts : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Lock _gate = new();

        public TimeAccounts()
        {
            string[] names = [ProjectMetrics.StepDuration.Name, ProjectMetrics.StepHandling.Name, GatewayMetrics.RequestDuration.Name, SandboxMetrics.RunDuration.Name];
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (names.Contains(instrument.Name))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
            {
                var kind = string.Empty;
                foreach (var tag in tags)
                {
                    if (tag.Key == "kind")
                    {
                        kind = tag.Value as string ?? string.Empty;
                    }
                }

                lock (_gate)
                {
                    if (instrument.Name == names[0])
                    {
                        StepMs += value;
                        Steps++;
                        ByKind[kind] = ByKind.TryGetValue(kind, out var sum) ? (sum.Count + 1, sum.Ms + value) : (1, value);
                    }
                    else if (instrument.Name == names[1])
                    {
                        HandlingMs += value;
                    }
                    else if (instrument.Name == names[2])
                    {
                        ModelMs += value;
                        ModelRequests++;
                    }
                    else
                    {
                        SandboxMs += value;
                        SandboxRuns++;
                    }
                }
            });
            _listener.Start();
        }

        public int Steps { get; private set; }

        /// <summary>Worker time by step kind: how many steps and their total milliseconds.</summary>
        public Dictionary<string, (int Count, double Ms)> ByKind { get; } = [];

        public double StepMs { get; private set; }

        public double HandlingMs { get; private set; }

        public double ModelMs { get; private set; }

        public int ModelRequests { get; private set; }

        public double SandboxMs { get; private set; }

        public int SandboxRuns { get; private set; }

        public void Reset()
        {
            lock (_gate)
            {
                Steps = ModelRequests = SandboxRuns = 0;
                ByKind.Clear();
                StepMs = HandlingMs = ModelMs = SandboxMs = 0;
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
