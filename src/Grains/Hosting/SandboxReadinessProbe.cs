using DevBot.Workspace.Sandbox;
using Microsoft.Extensions.Hosting;

namespace DevBot.Grains.Hosting;

/// <summary>
/// At start, finds out whether the sandbox works on this host (and logs what to change when it does not), without
/// holding the start up: <c>/healthz</c> reports the same finding.
/// </summary>
public sealed class SandboxReadinessProbe(SandboxRunner sandbox) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await sandbox.ReadinessAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
