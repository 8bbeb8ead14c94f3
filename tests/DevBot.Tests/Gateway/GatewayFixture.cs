using DevBot.Gateway;
using DevBot.GrainInterfaces.Keys;
using DevBot.GrainInterfaces.Pricing;
using DevBot.ScriptedModels;
using DevBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace DevBot.Tests.Gateway;

/// <summary>
/// A silo whose model providers k1…k10 all point at one scripted model server, each with a key pool of its own, so
/// tests that change keys do not meet. Short timeouts and cooldowns keep the fault tests quick.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public static readonly string MasterKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    private TestCluster? _cluster;

    public ScriptedModelServer Models { get; private set; } = null!;

    public string ConnectionString { get; private set; } = string.Empty;

    public TestCluster Cluster => _cluster!;

    public IGrainFactory Grains => Cluster.GrainFactory;

    public ModelGateway Gateway => ((InProcessSiloHandle)Cluster.Silos[0]).SiloHost.Services.GetRequiredService<ModelGateway>();

    public RuleScript Script { get; } = new();

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateMigratedDatabaseAsync("gateway");
        Models = await ScriptedModelServer.StartAsync(Script);
        var settings = new Dictionary<string, string>
        {
            ["API_KEY_ENCRYPTION_KEY"] = MasterKey,
            ["Models:RequestTimeout"] = "00:00:01",
            ["Models:RetryBaseDelay"] = "00:00:00.010",
            ["Models:MaxKeyWait"] = "00:00:03",
            ["Models:Roles:Implementer:0"] = "k2:m",
            ["Models:Roles:Architect:0"] = "k8:m",
            ["Models:Roles:Architect:1"] = "k1:m",
            ["Models:Roles:Embedding:0"] = "k1:e",
            ["ApiKeys:RateLimitCooldown"] = "00:00:00.500",
            ["ApiKeys:ErrorCooldown"] = "00:00:00.100",
        };
        for (var i = 1; i <= 10; i++)
        {
            settings[$"Models:Providers:k{i}:BaseUrl"] = Models.BaseUrl.ToString();
        }

        // OpenRouter's own provider entry (its defaults, such as explicit cache breakpoints for anthropic/ models), on the scripted server.
        settings["Models:Providers:openrouter:BaseUrl"] = Models.BaseUrl.ToString();
        // A provider of the prompt-caching tests alone (keys added to a pool stay there for the fixture's life).
        settings["Models:Providers:k11:BaseUrl"] = Models.BaseUrl.ToString();
        settings["Models:Providers:k7:AppUrl"] = "https://devbot.example";
        settings["Models:Providers:k7:AppTitle"] = "DevBot tests";
        _cluster = await TestClusters.StartAsync(ConnectionString, settings: settings);
        var pricing = Grains.GetGrain<IModelPricingGrain>(IModelPricingGrain.CatalogKey);
        for (var i = 1; i <= 10; i++)
        {
            await pricing.SetPriceAsync(new ModelPriceUpdate($"k{i}", "m", 1.0m, 2.0m, 0m, null, "test"));
            await pricing.SetPriceAsync(new ModelPriceUpdate($"k{i}", "e", 0.1m, 0m, 0m, null, "test"));
        }
    }

    /// <summary>A fresh key (random, so a test can look for it in logs) added to the provider's pool.</summary>
    public async Task<(string Secret, ApiKeyInfo Info)> AddKeyAsync(string provider)
    {
        var secret = "sk-test-" + Guid.NewGuid().ToString("N");
        var info = await Grains.GetGrain<IApiKeyPoolGrain>(provider).AddAsync(new ApiKeySecret(secret), "test", null);
        return (secret, info);
    }

    public void Reset()
    {
        Models.Faults.Clear();
        Models.Faults.RetryAfterSeconds = 1;
        Models.PromptCache = null;
        Models.RecordRequestBodies = false;
        Models.ClearExchanges();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }

        await Models.DisposeAsync();
    }
}
