using Orleans.TestingHost;

namespace DevBot.Tests.Infrastructure;

/// <summary>Builds Orleans test clusters that use DevBot's PostgreSQL providers for membership, state and reminders.</summary>
public static class TestClusters
{
    public static async Task<TestCluster> StartAsync(
        string connectionString, short silos = 1, string? serviceId = null, string? clusterId = null,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var builder = new TestClusterBuilder(silos);
        builder.Options.UseTestClusterMembership = false;
        builder.Options.ServiceId = serviceId ?? "svc-" + Guid.NewGuid().ToString("N")[..8];
        builder.Options.ClusterId = clusterId ?? "cl-" + Guid.NewGuid().ToString("N")[..8];
        builder.Properties[DevBotTestSiloConfigurator.ConnectionStringKey] = connectionString;
        builder.Properties["Workspace:Root"] = Path.Combine(Path.GetTempPath(), "devbot-test-workspaces", Guid.NewGuid().ToString("N")[..10]);
        builder.Properties["Stacks:DependencyRoot"] = Path.Combine(Path.GetTempPath(), "devbot-test-dependencies", Guid.NewGuid().ToString("N")[..10]);
        builder.Properties["Stacks:CacheRoot"] = TestStacks.CacheRoot;

        // The hashed embedder keeps test silos' indexing instant on two cores; the journey test and the semantic
        // embedder tests run the default (minilm) where retrieval is what they look at.
        builder.Properties["CodeIndex:Embedder"] = "local";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.Properties[key] = value;
        }

        builder.AddSiloBuilderConfigurator<DevBotTestSiloConfigurator>();
        builder.AddClientBuilderConfigurator<DevBotTestClientConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
