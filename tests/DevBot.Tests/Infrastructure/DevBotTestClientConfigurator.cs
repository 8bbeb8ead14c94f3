using DevBot.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace DevBot.Tests.Infrastructure;

/// <summary>Test clients find gateways the way production clients do: through the membership table.</summary>
public sealed class DevBotTestClientConfigurator : IClientBuilderConfigurator
{
    public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
    {
        var connectionString = configuration[DevBotTestSiloConfigurator.ConnectionStringKey]
            ?? throw new InvalidOperationException($"{DevBotTestSiloConfigurator.ConnectionStringKey} is not set for the test client.");
        clientBuilder.UseAdoNetClustering(options =>
        {
            options.Invariant = DevBotSiloBuilderExtensions.NpgsqlInvariant;
            options.ConnectionString = connectionString;
        });
    }
}
