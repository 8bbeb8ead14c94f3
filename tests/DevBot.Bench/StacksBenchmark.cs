using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using DevBot.Data.Embedded;
using DevBot.Data.Migrations;
using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Projects;
using DevBot.ScriptedModels;
using DevBot.Workspace.Sandbox;
using DevBot.Workspace.Stacks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DevBot.Bench;

/// <summary>
/// What each stack costs on this machine: per demo scenario, the whole journey from idea to package twice for one user
/// (first with empty package caches, then with the caches its first project filled), the time of every item's check
/// and how many checks needed a second try, and the install of the delivered project on its own with a cold and a warm
/// cache. Real sandbox, real registries (through the proxy), scripted models (no model latency), embedded PostgreSQL.
/// </summary>
public static class StacksBenchmark
{
    private static readonly (string Name, string Idea)[] Scenarios =
    [
        ("python", "A small tool to keep short notes from the command line."),
        ("node", "I need a REST API in Node.js with Express to save and list my bookmarks."),
        ("dotnet", "A web API in C# with ASP.NET Core minimal APIs for my to-do list."),
    ];

    public static async Task<int> RunAsync(IReadOnlyCollection<string> only, IDictionary<string, string?> settings)
    {
        await using var postgres = await EmbeddedPostgres.StartAsync(EmbeddedPostgresSettings.CreateThrowaway(relaxedDurability: true));
        await DatabaseMigrator.MigrateAsync(postgres.ConnectionString, NullLogger.Instance);
        await using var models = await ScriptedModelServer.StartAsync(new DemoScenarios());
        var root = Path.Combine(Path.GetTempPath(), "devbot-bench-stacks-" + Guid.NewGuid().ToString("N")[..8]);
        settings["Models:Providers:scripted:BaseUrl"] = models.BaseUrl.ToString();
        settings["Models:Providers:scripted:UseKeyPool"] = "false";
        settings["Models:Roles:Architect:0"] = "scripted:scripted-architect";
        settings["Models:Roles:Implementer:0"] = "scripted:scripted-implementer";
        settings["Models:Roles:Embedding:0"] = "scripted:scripted-embedding";
        settings.TryAdd("Workspace:Root", Path.Combine(root, "workspaces"));
        settings.TryAdd("Stacks:CacheRoot", Path.Combine(root, "caches"));
        settings.TryAdd("Stacks:DependencyRoot", Path.Combine(root, "dependencies"));
        settings.TryAdd("CodeIndex:Embedder", "local");
        var failures = 0;
        try
        {
            await using var silo = await BenchSilo.StartAsync(postgres.ConnectionString, settings);
            var user = 5_000_000L;
            foreach (var (name, idea) in Scenarios.Where(s => only.Count == 0 || only.Contains(s.Name)))
            {
                user++;
                await silo.GrainFactory.GetGrain<ICreditLedgerGrain>(user).GrantAsync(new CreditGrant($"bench-stacks-{user}", 5000m, GrantKind.Manual, null));
                var cold = await JourneyAsync(silo.GrainFactory, user, idea);
                var warm = await JourneyAsync(silo.GrainFactory, user, idea);
                var (installCold, installWarm) = await InstallAsync(silo.GrainFactory, user, cold.ProjectId, Path.Combine(root, "install-" + name));
                var checks = cold.Checks;
                var passed = cold.State == ProjectState.Completed && warm.State == ProjectState.Completed && cold.TestsPassed && warm.TestsPassed;
                failures += passed ? 0 : 1;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"# {name}: checks {string.Join(' ', checks.Select(c => $"{c.Item}={c.Check.Seconds:0.0}s/try{c.Check.Tries}/{c.Check.Status}"))}"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"RESULT stacks scenario={name} completed={passed.ToString().ToLowerInvariant()} wall_s={cold.Wall:0.0} wall_warm_s={warm.Wall:0.0} "
                    + $"install_cold_s={installCold:0.0} install_warm_s={installWarm:0.0} "
                    + $"check_s_mean={(checks.Count == 0 ? 0 : checks.Average(c => c.Check.Seconds)):0.0} check_s_max={(checks.Count == 0 ? 0 : checks.Max(c => c.Check.Seconds)):0.0} "
                    + $"checks={checks.Count} second_tries={checks.Count(c => c.Check.Tries > 1)} final_tests_s={cold.TestSeconds:0.0}"));
            }

            return failures == 0 ? 0 : 1;
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private sealed record Journey(Guid ProjectId, ProjectState State, double Wall, IReadOnlyList<(string Item, ItemCheck Check)> Checks, bool TestsPassed, double TestSeconds);

    private static async Task<Journey> JourneyAsync(IGrainFactory grains, long user, string idea)
    {
        var projectId = Guid.NewGuid();
        var project = grains.GetGrain<IProjectGrain>(projectId);
        var wall = Stopwatch.StartNew();
        await ProjectBenchmark.UpToTheStartAsync(project, user, idea, "Only me, on Linux. Keep it simple.");
        await ProjectBenchmark.Expect(project.StartDevelopmentAsync(user));
        var final = await ProjectBenchmark.WaitAsync(project, s => s.State is ProjectState.Completed or ProjectState.Failed or ProjectState.Paused or ProjectState.Cancelled);
        wall.Stop();
        var news = (await project.GetEventsAsync(0, 1000)).Select(e => e.News).ToList();
        var checks = news.OfType<ItemDone>().Where(d => d.Check is not null).Select(d => (d.ItemId, d.Check!)).ToList();
        var tests = news.OfType<TestsPassed>().LastOrDefault();
        if (final.State != ProjectState.Completed)
        {
            Console.Error.WriteLine($"project {projectId}: {final.State} ({final.Pause}): {final.Activity}");
        }

        return new Journey(projectId, final.State, wall.Elapsed.TotalSeconds, checks, news.OfType<Delivered>().LastOrDefault()?.TestsPassed == true, tests?.Seconds ?? 0);
    }

    /// <summary>The delivered project's install alone: into an empty cache, then for another project with that cache filled.</summary>
    private static async Task<(double Cold, double Warm)> InstallAsync(IGrainFactory grains, long user, Guid projectId, string folder)
    {
        var package = await grains.GetGrain<IProjectGrain>(projectId).GetPackageAsync(user) ?? throw new InvalidOperationException("no package");
        using (var zip = new ZipArchive(new MemoryStream(package.Content)))
        {
            zip.ExtractToDirectory(Path.Combine(folder, "package"));
        }

        var tree = Directory.EnumerateDirectories(Path.Combine(folder, "package")).Single();
        var files = Directory.EnumerateFiles(tree, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(tree, f).Replace('\\', '/')).ToList();
        var commands = ProjectCommands.From(File.ReadAllText(Path.Combine(tree, "docs", "deployment_guide.md")), files);
        var sandbox = Options.Create(new SandboxOptions());
        var toolbox = new ProjectToolbox(new SandboxRunner(sandbox, NullLogger<SandboxRunner>.Instance),
            Options.Create(new StackOptions { CacheRoot = Path.Combine(folder, "cache"), DependencyRoot = Path.Combine(folder, "dependencies") }), sandbox,
            NullLogger<ProjectToolbox>.Instance);
        var cold = await toolbox.EnsureInstalledAsync(Guid.NewGuid(), user, tree, commands);
        var warm = await toolbox.EnsureInstalledAsync(Guid.NewGuid(), user, tree, commands);
        if (!cold.Ready || !warm.Ready)
        {
            Console.Error.WriteLine($"install failed: {cold.Detail} / {warm.Detail}");
        }

        return (cold.Run?.Duration.TotalSeconds ?? 0, warm.Run?.Duration.TotalSeconds ?? 0);
    }
}
