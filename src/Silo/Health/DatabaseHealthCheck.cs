using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace DevBot.Silo.Health;

/// <summary>Healthy when PostgreSQL answers a trivial query within the check's deadline.</summary>
internal sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy("PostgreSQL reachable");
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            // The exception text can name the host; it never carries the password (Npgsql redacts it).
            return HealthCheckResult.Unhealthy("PostgreSQL unreachable: " + ex.GetType().Name);
        }
    }
}
