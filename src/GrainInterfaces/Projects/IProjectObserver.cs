using Orleans.Concurrency;

namespace DevBot.GrainInterfaces.Projects;

/// <summary>Receives a project's events as they happen (the bot); missed ones are read back with GetEventsAsync.</summary>
[Alias("DevBot.Projects.IProjectObserver")]
public interface IProjectObserver : IGrainObserver
{
    [OneWay]
    Task OnEventAsync(ProjectEvent projectEvent);
}
