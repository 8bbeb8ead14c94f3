using System.Diagnostics;
using System.Globalization;
using DevBot.Data.Embedded;
using DevBot.Data.Migrations;
using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Projects;
using DevBot.ScriptedModels;
using Microsoft.Extensions.Logging.Abstractions;

namespace DevBot.Bench;

/// <summary>
/// What a user and an operator feel, at realistic model latency (the scripted server's per-role log-normal model time,
/// Architect p50 20 s / p95 60 s, Implementer p50 6 s / p95 20 s, scaled by a time factor so a run takes seconds):
/// <c>project</c> takes the same 12-item, 3-phase plan (the toolkit scenario) from "Start development" to the package
/// one step at a time (width 1, no review beside other work) and with the default width and reviews beside, in one
/// process; <c>capacity</c> runs N projects at once and measures
/// DevBot's own CPU per step against the model time it waits for.
/// </summary>
public static class ProjectBenchmark
{
    private const string Idea = "A Python toolkit of small text, number and list helpers, each with unit tests.";

    public static async Task<int> RunProjectAsync(int width, double timeFactor, int seed, int stepsBeside, IDictionary<string, string?> settings)
    {
        await using var postgres = await EmbeddedPostgres.StartAsync(EmbeddedPostgresSettings.CreateThrowaway(relaxedDurability: true));
        await DatabaseMigrator.MigrateAsync(postgres.ConnectionString, NullLogger.Instance);
        var root = Path.Combine(Path.GetTempPath(), "devbot-bench-project-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var runs = new List<Run>();
            foreach (var w in new[] { 1, width })
            {
                // Each width gets a server of its own with the same seed: the same model times, call for call, and a cold prompt cache.
                // When each model answer came (model seconds since the server started), for the timeline below.
                var answered = new List<(double At, string Task)>();
                var clock = Stopwatch.StartNew();
                var toolkit = new ToolkitScenario { OnTask = task => { lock (answered) { answered.Add((clock.Elapsed.TotalSeconds / timeFactor, task)); } } };
                await using var models = await ScriptedModelServer.StartAsync(toolkit, latency: ScriptedLatency.Realistic(timeFactor, seed),
                    promptCache: new ScriptedPromptCache());
                var silo = Settings(settings, models, Path.Combine(root, "w" + w));
                silo["Projects:ParallelItems"] = w.ToString(CultureInfo.InvariantCulture);
                // Width 1 is one step at a time: no item beside another, no review beside the work after it.
                silo["Projects:StepsBeside"] = (w == 1 ? 0 : stepsBeside).ToString(CultureInfo.InvariantCulture);
                await using var host = await BenchSilo.StartAsync(postgres.ConnectionString, silo);
                var run = await JourneyAsync(host.GrainFactory, 7_000_000L + w, models);
                runs.Add(run);
                lock (answered)
                {
                    // The development's model answers as they came, e.g. "verify:1:1@212": where the critical path goes.
                    var start = answered.FirstOrDefault(a => a.Task.StartsWith("implementer.", StringComparison.Ordinal)).At;
                    Console.WriteLine($"# width={w} answers: " + string.Join(' ', answered.Where(a => a.At >= start - 60 && !a.Task.StartsWith("architect.questions", StringComparison.Ordinal) && a.Task != "architect.plan")
                        .Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Task.Replace("implementer.item:", "i", StringComparison.Ordinal).Replace("architect.", string.Empty, StringComparison.Ordinal)}@{a.At - start:0}"))));
                }
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"# width={w} state={run.State} dev_wall_s={run.DevelopmentWall:0.00} total_wall_s={run.TotalWall:0.00} model_s={run.CriticalModelSeconds:0.0} steps={run.Steps} items={run.Items} implement_steps_wall_s={run.ImplementWall:0.00} review_steps_wall_s={run.ReviewWall:0.00} implementer_model_s={run.Implementer.ModelTime.TotalSeconds:0} architect_model_s={run.Architect.ModelTime.TotalSeconds:0} architect_calls={run.Architect.Calls}"));
            }

            // At real latency a run takes its model time on the critical path plus DevBot's own (measured here unscaled).
            var (one, wide) = (runs[0], runs[^1]);
            var implementer = wide.Implementer;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT project items={wide.Items} width={width} wall_s={wide.RealWall(timeFactor):0} sequential_wall_s={one.RealWall(timeFactor):0} "
                + $"speedup={one.RealWall(timeFactor) / wide.RealWall(timeFactor):0.00} model_s={wide.CriticalModelSeconds:0} steps={wide.Steps} "
                + $"input_tokens={implementer.InputTokens + wide.Architect.InputTokens} cached_input_tokens={implementer.CachedInputTokens + wide.Architect.CachedInputTokens} "
                + $"cached_share={implementer.CachedShare:0.00} output_tokens={implementer.OutputTokens + wide.Architect.OutputTokens} credits={wide.Credits:0.00} "
                + $"items_speedup={one.ImplementWall / wide.ImplementWall:0.00} measured_wall_s={wide.DevelopmentWall:0.0} measured_sequential_wall_s={one.DevelopmentWall:0.0} time_factor={timeFactor} sequential_credits={one.Credits:0.00} steps_beside={stepsBeside}"));
            return runs.All(r => r.State == ProjectState.Completed) ? 0 : 1;
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    /// <summary>
    /// N sample projects (the Python notes tool) started at once; after a warm-up, DevBot's own CPU (the silo process:
    /// grains, gateway, ledger, git through libgit2; the model server runs in a child process of its own, PostgreSQL and
    /// sandboxed commands are counted apart) per step and against the model time the steps waited for (unscaled).
    /// </summary>
    public static async Task<int> RunCapacityAsync(int projects, double timeFactor, int seconds, IDictionary<string, string?> settings)
    {
        await using var postgres = await EmbeddedPostgres.StartAsync(EmbeddedPostgresSettings.CreateThrowaway(relaxedDurability: true));
        await DatabaseMigrator.MigrateAsync(postgres.ConnectionString, NullLogger.Instance);
        using var models = ModelsProcess.Start(timeFactor);
        var root = Path.Combine(Path.GetTempPath(), "devbot-bench-capacity-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var silo = Settings(settings, models.BaseUrl, root);
            await using var host = await BenchSilo.StartAsync(postgres.ConnectionString, silo);
            using var accounts = new PipelineBenchmark.TimeAccounts();
            var states = new ProjectState?[projects];
            var journeys = Enumerable.Range(0, projects).Select(i => Task.Run(async () =>
            {
                try
                {
                    states[i] = await PipelineBenchmark.RunProjectAsync(host.GrainFactory, 8_000_000L + i);
                }
                catch (TimeoutException)
                {
                }
            })).ToList();

            // Warm-up: JIT, first connections, the first wave of activations.
            await Task.Delay(TimeSpan.FromSeconds(Math.Max(5, seconds / 6)));
            var before = Sample.Take(postgres.DataDirectory, accounts);
            await Task.Delay(TimeSpan.FromSeconds(seconds));
            var after = Sample.Take(postgres.DataDirectory, accounts);
            var completed = states.Count(s => s == ProjectState.Completed);

            var steps = Math.Max(1, after.Steps - before.Steps);
            var silo_cpu = (after.SiloCpu - before.SiloCpu).TotalMilliseconds;
            var model_ms = (after.ModelMs - before.ModelMs) / timeFactor;
            var db_cpu = (after.DatabaseCpu - before.DatabaseCpu).TotalMilliseconds;
            var sandbox_cpu = (after.ChildrenCpu - before.ChildrenCpu).TotalMilliseconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"# window_s={seconds} steps={steps} steps_per_s={steps / (double)seconds:0.0} model_calls={after.ModelRequests - before.ModelRequests} db_cpu_ms_per_step={db_cpu / steps:0.0} sandbox_cpu_ms_per_step={sandbox_cpu / steps:0.0} silo_cpu_share_of_cores={silo_cpu / 1000 / seconds / Environment.ProcessorCount:0.00} load={File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT capacity projects={projects} completed={completed} cpu_ms_per_step={silo_cpu / steps:0.0} overhead_share={silo_cpu / Math.Max(1, model_ms):0.0000} "
                + $"rss_mb={Environment.WorkingSet / 1024 / 1024} time_factor={timeFactor} model_ms_per_step={model_ms / steps:0}"));
            await host.DisposeAsync();
            return 0;
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    /// <summary>CPU of the silo process, of its finished children (sandboxed runs, git), of PostgreSQL, and the pipeline's counters, at one moment.</summary>
    private sealed record Sample(TimeSpan SiloCpu, TimeSpan ChildrenCpu, TimeSpan DatabaseCpu, int Steps, double ModelMs, int ModelRequests)
    {
        public static Sample Take(string dataDirectory, PipelineBenchmark.TimeAccounts accounts)
        {
            var self = Process.GetCurrentProcess();
            var stat = File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var tick = 1000.0 / 100; // USER_HZ
            var children = TimeSpan.FromMilliseconds((long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) * tick);
            var database = TimeSpan.Zero;
            foreach (var folder in Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
            {
                try
                {
                    if (!File.ReadAllText(Path.Combine(folder, "cmdline")).Contains("postgres", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    var ps = File.ReadAllText(Path.Combine(folder, "stat"));
                    var pf = ps[(ps.LastIndexOf(')') + 2)..].Split(' ');
                    var environ = File.ReadAllText(Path.Combine(folder, "cmdline"));
                    var parent = int.Parse(pf[1], CultureInfo.InvariantCulture);
                    if (environ.Contains(dataDirectory, StringComparison.Ordinal) || IsChildOfCluster(parent, dataDirectory))
                    {
                        database += TimeSpan.FromMilliseconds((long.Parse(pf[11], CultureInfo.InvariantCulture) + long.Parse(pf[12], CultureInfo.InvariantCulture)) * tick);
                    }
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }

            lock (accounts)
            {
                return new Sample(self.TotalProcessorTime, children, database, accounts.Steps, accounts.ModelMs, accounts.ModelRequests);
            }
        }

        private static bool IsChildOfCluster(int parent, string dataDirectory)
        {
            try
            {
                return File.ReadAllText($"/proc/{parent}/cmdline").Contains(dataDirectory, StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
        }
    }

    /// <summary>The scripted model server in a process of its own (this program's <c>models</c> verb), so its CPU is not counted as DevBot's.</summary>
    private sealed class ModelsProcess : IDisposable
    {
        private readonly Process _process;

        private ModelsProcess(Process process, Uri baseUrl)
        {
            _process = process;
            BaseUrl = baseUrl;
        }

        public Uri BaseUrl { get; }

        public static ModelsProcess Start(double timeFactor)
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
            {
                start.ArgumentList.Add(typeof(ProjectBenchmark).Assembly.Location);
            }

            foreach (var argument in new[] { "models", "--time-factor", timeFactor.ToString(CultureInfo.InvariantCulture) })
            {
                start.ArgumentList.Add(argument);
            }

            var process = Process.Start(start)!;
            var line = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("the model server did not start");
            return new ModelsProcess(process, new Uri(line.Split(' ', 2)[1]));
        }

        public void Dispose()
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(5000))
            {
                _process.Kill();
            }

            _process.Dispose();
        }
    }

    /// <summary>The <c>models</c> verb: serves the scripted demo models at realistic latency until its standard input closes.</summary>
    public static async Task<int> ServeModelsAsync(double timeFactor)
    {
        await using var models = await ScriptedModelServer.StartAsync(new DemoScenarios(), latency: ScriptedLatency.Realistic(timeFactor), promptCache: new ScriptedPromptCache());
        Console.WriteLine("LISTENING " + models.BaseUrl);
        await Console.In.ReadToEndAsync();
        return 0;
    }

    internal static Dictionary<string, string?> Settings(IDictionary<string, string?> given, ScriptedModelServer models, string root) =>
        Settings(given, models.BaseUrl, root);

    internal static Dictionary<string, string?> Settings(IDictionary<string, string?> given, Uri models, string root)
    {
        var settings = new Dictionary<string, string?>(given)
        {
            ["Models:Providers:scripted:BaseUrl"] = models.ToString(),
            ["Models:Providers:scripted:UseKeyPool"] = "false",
            ["Models:Roles:Architect:0"] = "scripted:scripted-architect",
            ["Models:Roles:Implementer:0"] = "scripted:scripted-implementer",
            ["Models:Roles:Embedding:0"] = "scripted:scripted-embedding",
        };
        settings.TryAdd("Workspace:Root", Path.Combine(root, "workspaces"));
        settings.TryAdd("Stacks:CacheRoot", Path.Combine(root, "caches"));
        settings.TryAdd("Stacks:DependencyRoot", Path.Combine(root, "dependencies"));
        settings.TryAdd("CodeIndex:Embedder", "local");
        return settings;
    }

    private sealed record Run(ProjectState State, double TotalWall, double DevelopmentWall, double CriticalModelSeconds, int Steps, int Items,
        ScriptedRoleTotals Architect, ScriptedRoleTotals Implementer, decimal Credits, double ImplementWall, double ReviewWall)
    {
        /// <summary>
        /// The development's wall time at real model latency: the model time on the critical path (unscaled) plus
        /// DevBot's own time in between (measured wall less the scaled model time).
        /// </summary>
        public double RealWall(double timeFactor) => CriticalModelSeconds + Math.Max(0, DevelopmentWall - (CriticalModelSeconds * timeFactor));
    }

    private static async Task<Run> JourneyAsync(IGrainFactory grains, long user, ScriptedModelServer models)
    {
        await grains.GetGrain<ICreditLedgerGrain>(user).GrantAsync(new CreditGrant($"bench-project-{user}", 5000m, GrantKind.Manual, null));
        var projectId = Guid.NewGuid();
        var project = grains.GetGrain<IProjectGrain>(projectId);
        var total = Stopwatch.StartNew();
        await UpToTheStartAsync(project, user, Idea, "All of them, Python 3.11.");
        var development = Stopwatch.StartNew();
        var modelStart = models.ModelTimeInFlight();
        models.ResetTotals();
        using var accounts = new PipelineBenchmark.TimeAccounts();
        await Expect(project.StartDevelopmentAsync(user));
        var final = await WaitAsync(project, s => s.State is ProjectState.Completed or ProjectState.Failed or ProjectState.Paused or ProjectState.Cancelled);
        development.Stop();
        total.Stop();
        if (final.State != ProjectState.Completed)
        {
            Console.Error.WriteLine($"project {projectId}: {final.State} ({final.Pause}): {final.Activity}");
        }

        return new Run(final.State, total.Elapsed.TotalSeconds, development.Elapsed.TotalSeconds, (models.ModelTimeInFlight() - modelStart).TotalSeconds,
            accounts.Steps, final.TodoTotal, models.TotalsOf(ScriptedRoles.Architect), models.TotalsOf(ScriptedRoles.Implementer), final.CreditsUsed,
            accounts.ByKind.GetValueOrDefault("Implement").Ms / 1000, accounts.ByKind.GetValueOrDefault("Verify").Ms / 1000);
    }

    /// <summary>The user's side of a project up to its plan: the idea, the answers, the scope confirmed; development not started.</summary>
    internal static async Task UpToTheStartAsync(IProjectGrain project, long user, string idea, string answers)
    {
        await Expect(project.CreateAsync(user, idea));
        await WaitAsync(project, s => s.OpenQuestions.Count > 0);
        await Expect(project.AnswerAsync(user, answers));
        await WaitAsync(project, s => s.State == ProjectState.ConfirmingScope);
        await Expect(project.ConfirmScopeAsync(user, true, null));
        await WaitAsync(project, s => s.State == ProjectState.AwaitingStart);
    }

    internal static async Task Expect(Task<ProjectCommandResult> command)
    {
        var result = await command;
        if (!result.Accepted)
        {
            throw new InvalidOperationException("The project refused a step of the journey: " + result.Reply.Kind);
        }
    }

    internal static async Task<ProjectStatus> WaitAsync(IProjectGrain project, Func<ProjectStatus, bool> done, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var status = await project.GetStatusAsync();
            if (done(status))
            {
                return status;
            }

            if (deadline.Elapsed > (timeout ?? TimeSpan.FromMinutes(20)))
            {
                throw new TimeoutException($"project {status.ProjectId} stayed {status.State}: {status.Activity}");
            }

            await Task.Delay(50);
        }
    }
}
