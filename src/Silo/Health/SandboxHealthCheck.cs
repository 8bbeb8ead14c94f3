using DevBot.Workspace.Sandbox;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DevBot.Silo.Health;

/// <summary>
/// Healthy when generated code can run in the sandbox here; Degraded (still HTTP 200: the silo serves everything
/// else) with what to change on the host when it cannot.
/// </summary>
internal sealed class SandboxHealthCheck(SandboxRunner sandbox) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var readiness = await sandbox.ReadinessAsync(cancellationToken);
        return readiness.Ready ? HealthCheckResult.Healthy(readiness.Describe()) : HealthCheckResult.Degraded(readiness.Describe());
    }
}
