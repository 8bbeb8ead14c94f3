using DevBot.GrainInterfaces.Projects;
using DevBot.ScriptedModels;
using DevBot.Tests.Infrastructure;
using Orleans.TestingHost;

namespace DevBot.Tests.Pipeline;

/// <summary>A cluster whose Architect and Implementer are the scripted sample scenario, with fast ticks for tests.</summary>
public sealed class PipelineCluster : IAsyncDisposable
{
    private PipelineCluster(TestCluster cluster, ScriptedModelServer models, SampleProjectScenario scenario, SloppyScript? sloppy, string connectionString)
    {
        Cluster = cluster;
        Models = models;
        Scenario = scenario;
        Sloppy = sloppy;
        ConnectionString = connectionString;
    }

    /// <summary>
    /// The perturbing wrapper around the scenario, when the cluster was started sloppy. (<c>script</c> wraps the
    /// scenario in a test's own script instead: answers it changes, the rest passed on.)
    /// </summary>
    public SloppyScript? Sloppy { get; }

    public TestCluster Cluster { get; }

    public ScriptedModelServer Models { get; }

    public SampleProjectScenario Scenario { get; }

    public string ConnectionString { get; }

    public IGrainFactory Grains => Cluster.GrainFactory;

    public static async Task<PipelineCluster> StartAsync(string purpose, TimeSpan? stepLease = null, bool encryptionKey = false,
        IReadOnlyDictionary<string, string>? extraSettings = null, string? serviceId = null, Func<string, Task>? prepareDatabase = null,
        double sloppyRate = 0, int sloppySeed = 1, Func<SampleProjectScenario, IModelScript>? script = null, ScriptedPromptCache? promptCache = null)
    {
        var connectionString = await TestPostgres.CreateMigratedDatabaseAsync(purpose);
        if (prepareDatabase is not null)
        {
            await prepareDatabase(connectionString);
        }

        var scenario = new SampleProjectScenario();
        var sloppy = sloppyRate > 0 ? new SloppyScript(scenario, sloppyRate, sloppySeed) : null;
        var models = await ScriptedModelServer.StartAsync((IModelScript?)sloppy ?? script?.Invoke(scenario) ?? scenario, promptCache: promptCache);
        var settings = new Dictionary<string, string>
        {
            ["Models:Providers:scripted:BaseUrl"] = models.BaseUrl.ToString(),
            ["Models:Providers:scripted:UseKeyPool"] = "false",
            ["Models:Roles:Architect:0"] = "scripted:scripted-architect",
            ["Models:Roles:Implementer:0"] = "scripted:scripted-implementer",
            ["Models:Roles:Embedding:0"] = "scripted:scripted-embedding",
            ["Models:RequestTimeout"] = "00:00:30",
            ["Projects:TickPeriod"] = "00:00:01",
            ["Projects:StepLease"] = (stepLease ?? TimeSpan.FromMinutes(2)).ToString(),
        };
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        if (encryptionKey)
        {
            settings["API_KEY_ENCRYPTION_KEY"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        }

        var cluster = await TestClusters.StartAsync(connectionString, serviceId: serviceId ?? purpose + "-" + Guid.NewGuid().ToString("N")[..6], settings: settings);
        return new PipelineCluster(cluster, models, scenario, sloppy, connectionString);
    }

    /// <summary>
    /// Holds every implementer answer back until the returned event is set (at most a minute): the project stays in
    /// Implementing while a test does something in between.
    /// </summary>
    public ManualResetEventSlim HoldImplementer()
    {
        var hold = new ManualResetEventSlim();
        Scenario.OnTask = task =>
        {
            if (task.StartsWith("implementer.item", StringComparison.Ordinal))
            {
                hold.Wait(TimeSpan.FromSeconds(60));
            }
        };
        return hold;
    }

    /// <summary>Polls the project until <paramref name="done"/> holds (or throws with the project's activity).</summary>
    public async Task<ProjectStatus> WaitForAsync(Guid projectId, Func<ProjectStatus, bool> done, TimeSpan? timeout = null)
    {
        var project = Grains.GetGrain<IProjectGrain>(projectId);
        return await Eventually.ReturnsAsync(async () =>
        {
            try
            {
                return await project.GetStatusAsync();
            }
            catch (Exception ex) when (ex is OrleansException or TimeoutException)
            {
                // The cluster may be changing silos; ask again.
                return new ProjectStatus(projectId, 0, "?", ProjectState.GatheringRequirements, PauseReason.None, new ProjectActivity(ActivityKind.Legacy, Text: ex.Message), 0, 0, 0m, 0m, 0m, [], null, null, 0);
            }
        }, done, timeout ?? TimeSpan.FromSeconds(120), "the project to move on");
    }

    /// <summary>Drives a project from the idea to the start of development (answers, scope confirmation, go).</summary>
    public async Task<Guid> StartProjectAsync(long user)
    {
        var projectId = Guid.NewGuid();
        var project = Grains.GetGrain<IProjectGrain>(projectId);
        Assert.True((await project.CreateAsync(user, "I want a small tool to keep short notes from the command line.")).Accepted);
        await WaitForAsync(projectId, s => s.OpenQuestions.Count > 0);
        Assert.True((await project.AnswerAsync(user, "Command line. Yes, search and delete. A local JSON file.")).Accepted);
        await WaitForAsync(projectId, s => s.State == ProjectState.ConfirmingScope);
        Assert.True((await project.ConfirmScopeAsync(user, true, null)).Accepted);
        await WaitForAsync(projectId, s => s.State == ProjectState.AwaitingStart);
        Assert.True((await project.StartDevelopmentAsync(user)).Accepted);
        return projectId;
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await Models.DisposeAsync();
    }
}
