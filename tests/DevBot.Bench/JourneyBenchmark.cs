using System.Diagnostics;
using System.Globalization;
using DevBot.Data.Embedded;
using DevBot.Data.Migrations;
using DevBot.GrainInterfaces.Projects;
using DevBot.ScriptedModels;
using Microsoft.Extensions.Logging.Abstractions;

namespace DevBot.Bench;

/// <summary>
/// What sloppy answers cost: the sample journey, N projects with the scripted models answering cleanly, then N with
/// <see cref="SloppyScript"/> perturbing that share of the answers the way real models write, in one process on one
/// silo. Extra calls and credits are per project, against the clean run.
/// </summary>
public static class JourneyBenchmark
{
    public static async Task<int> RunAsync(double sloppyRate, int projects, IDictionary<string, string?> settings)
    {
        await using var postgres = await EmbeddedPostgres.StartAsync(EmbeddedPostgresSettings.CreateThrowaway(relaxedDurability: true));
        await DatabaseMigrator.MigrateAsync(postgres.ConnectionString, NullLogger.Instance);
        var sloppy = new SloppyScript(new SampleProjectScenario(), 0, seed: 20261127);
        await using var models = await ScriptedModelServer.StartAsync(sloppy);
        var workspaces = Path.Combine(Path.GetTempPath(), "devbot-bench-journey-" + Guid.NewGuid().ToString("N")[..8]);
        settings["Models:Providers:scripted:BaseUrl"] = models.BaseUrl.ToString();
        settings["Models:Providers:scripted:UseKeyPool"] = "false";
        settings["Models:Roles:Architect:0"] = "scripted:scripted-architect";
        settings["Models:Roles:Implementer:0"] = "scripted:scripted-implementer";
        settings["Models:Roles:Embedding:0"] = "scripted:scripted-embedding";
        settings.TryAdd("Workspace:Root", workspaces);
        try
        {
            await using var silo = await BenchSilo.StartAsync(postgres.ConnectionString, settings);
            var clean = await RunAsync(silo.GrainFactory, postgres.ConnectionString, projects, 1000, _ => { });
            sloppy.Rate = sloppyRate;
            var messy = await RunAsync(silo.GrainFactory, postgres.ConnectionString, projects, 2000, i => sloppy.Seed = 20261127 + i);
            Console.WriteLine("# perturbations " + string.Join(' ', sloppy.Made.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}={m.Value}")));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"# clean: completed={clean.Completed}/{projects} calls_per_project={clean.Calls:0.0} credits_per_project={clean.Credits:0.0000} wall_s={clean.Wall:0.0}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT sloppy rate={sloppyRate:0.00} projects={projects} completed={messy.Completed} extra_calls={messy.Calls - clean.Calls:0.0} "
                + $"extra_credits={messy.Credits - clean.Credits:0.0000} extra_credits_pct={(messy.Credits / clean.Credits - 1) * 100:0.0} wall_s={messy.Wall:0.0}"));
            return messy.Completed == projects ? 0 : 1;
        }
        finally
        {
            if (Directory.Exists(workspaces))
            {
                Directory.Delete(workspaces, recursive: true);
            }
        }
    }

    private static async Task<(int Completed, double Calls, decimal Credits, double Wall)> RunAsync(
        IGrainFactory grains, string connectionString, int projects, long firstUser, Action<int> beforeProject)
    {
        var ids = Enumerable.Range(0, projects).Select(_ => Guid.NewGuid()).ToList();
        var wall = Stopwatch.StartNew();
        var states = new List<ProjectState>();
        for (var i = 0; i < projects; i++)
        {
            // One after another, each sloppy project with a seed of its own (the same seed and request perturb alike).
            beforeProject(i);
            states.Add(await PipelineBenchmark.RunProjectAsync(grains, firstUser + i, ids[i]));
        }

        var list = string.Join(',', ids.Select(id => $"'{id}'"));
        var calls = await BenchSql.ScalarAsync(connectionString, $"SELECT count(*) FROM api_key_usage WHERE project_id IN ({list})");
        var credits = await BenchSql.ScalarAsync(connectionString, $"SELECT COALESCE(sum(credits_charged), 0) FROM api_key_usage WHERE project_id IN ({list})");
        return (states.Count(s => s == ProjectState.Completed), (double)calls / projects, credits / projects, wall.Elapsed.TotalSeconds);
    }
}
