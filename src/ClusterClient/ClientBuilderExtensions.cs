using System.ComponentModel.DataAnnotations;
using System.Net;
using DevBot.Data;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;

namespace DevBot.ClusterClient;

public static class ClientBuilderExtensions
{
    /// <summary>
    /// Connects to DevBot's cluster: through the membership table when a database is configured (DATABASE_URL),
    /// otherwise through one static gateway (a silo on this machine running embedded PostgreSQL). With
    /// <paramref name="retryConnection"/> the client keeps trying until a silo answers.
    /// </summary>
    public static IClientBuilder AddDevBotCluster(this IClientBuilder client, IConfiguration configuration, bool retryConnection = true)
    {
        var options = configuration.GetSection(ClusterClientOptions.SectionName).Get<ClusterClientOptions>() ?? new ClusterClientOptions();
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        client.Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = options.ClusterId;
            cluster.ServiceId = options.ServiceId;
        });

        var connectionString = DevBotDatabase.ConfiguredConnectionString(configuration);
        if (connectionString is not null)
        {
            client.UseAdoNetClustering(ado =>
            {
                ado.Invariant = "Npgsql";
                ado.ConnectionString = connectionString;
            });
        }
        else
        {
            var endpoint = IPEndPoint.TryParse(options.Gateway, out var parsed)
                ? parsed
                : throw new ValidationException($"Orleans:Gateway '{options.Gateway}' is not host:port.");
            client.UseStaticClustering(endpoint);
        }

        // A long-running client (the bot) keeps trying when the silos start after it or restart under it; a command-line
        // tool fails at once with a clear message instead.
        client.UseConnectionRetryFilter(async (_, cancellationToken) =>
        {
            if (!retryConnection)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            return true;
        });
        return client;
    }
}
