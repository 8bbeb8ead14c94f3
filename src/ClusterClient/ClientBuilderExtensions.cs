using System.ComponentModel.DataAnnotations;
using System.Net;
using DevBot.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace DevBot.ClusterClient;

public static class ClientBuilderExtensions
{
    /// <summary>
    /// Connects to DevBot's cluster: through the membership table when a database is configured (DATABASE_URL),
    /// otherwise through one static gateway (a silo on this machine running embedded PostgreSQL). With
    /// <paramref name="retryConnection"/> the client keeps trying, with growing pauses, until a silo answers (and
    /// <paramref name="announce"/> hears once that it is waiting); without it a command-line tool fails at once with a
    /// clear message instead.
    /// </summary>
    public static IClientBuilder AddDevBotCluster(this IClientBuilder client, IConfiguration configuration, bool retryConnection = true, Action<string>? announce = null)
    {
        var options = configuration.GetSection(ClusterClientOptions.SectionName).Get<ClusterClientOptions>() ?? new ClusterClientOptions();
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        client.Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = options.ClusterId;
            cluster.ServiceId = options.ServiceId;
        });

        var connectionString = DevBotDatabase.ConfiguredConnectionString(configuration);
        string target;
        if (connectionString is not null)
        {
            client.UseAdoNetClustering(ado =>
            {
                ado.Invariant = "Npgsql";
                ado.ConnectionString = connectionString;
            });
            target = $"cluster '{options.ClusterId}' in the database";
        }
        else
        {
            var endpoint = IPEndPoint.TryParse(options.Gateway, out var parsed)
                ? parsed
                : throw new ValidationException($"Orleans:Gateway '{options.Gateway}' is not host:port.");
            client.UseStaticClustering(endpoint);
            target = endpoint.ToString();
        }

        client.Services.AddSingleton<IClientConnectionRetryFilter>(sp =>
            new ClusterConnectionRetry(retryConnection, target, sp.GetRequiredService<ILogger<ClusterConnectionRetry>>(), announce));
        return client;
    }
}
