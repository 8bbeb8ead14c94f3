using System.ComponentModel.DataAnnotations;
using System.Net;
using DevBot.Data;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;

namespace DevBot.BotClient;

public static class ClientBuilderExtensions
{
    /// <summary>
    /// Connects to DevBot's cluster: through the membership table when a database is configured (DATABASE_URL),
    /// otherwise through one static gateway (a silo on this machine running embedded PostgreSQL).
    /// </summary>
    public static IClientBuilder AddDevBotCluster(this IClientBuilder client, IConfiguration configuration)
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

        // The silos may start after the bot (or restart under it): keep trying rather than exit.
        client.UseConnectionRetryFilter(async (_, cancellationToken) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            return true;
        });
        return client;
    }
}
