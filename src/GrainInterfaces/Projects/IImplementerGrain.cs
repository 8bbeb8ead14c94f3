using Orleans.Concurrency;

namespace DevBot.GrainInterfaces.Projects;

/// <summary>The Implementer (a stateless worker): one TODO item as edits and a commit; test runs; packaging.</summary>
[Alias("DevBot.Projects.IImplementerGrain")]
public interface IImplementerGrain : IGrainWithIntegerKey
{
    [OneWay]
    Task RunStepAsync(StepRequest step);
}
