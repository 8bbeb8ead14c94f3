using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DevBot.Silo.Health;

/// <summary>Healthy when the cluster's membership lists this silo as active.</summary>
internal sealed class SiloHealthCheck(IGrainFactory grainFactory, ILocalSiloDetails localSilo) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var hosts = await grainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(cancellationToken);
            return hosts.ContainsKey(localSilo.SiloAddress)
                ? HealthCheckResult.Healthy($"Silo active; {hosts.Count} active silo(s) in the cluster")
                : HealthCheckResult.Unhealthy("This silo is not (yet) an active cluster member");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("Cluster not reachable: " + ex.GetType().Name);
        }
    }
}
