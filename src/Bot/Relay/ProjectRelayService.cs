using Microsoft.Extensions.Hosting;

namespace DevBot.Bot.Relay;

/// <summary>Runs the relay for the life of the process.</summary>
public sealed class ProjectRelayService(ProjectRelay relay) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => relay.RunAsync(stoppingToken);
}
