using Orleans.Concurrency;

namespace DevBot.GrainInterfaces.Projects;

/// <summary>
/// The Architect (a stateless worker): questions, scope, docs and TODO, estimate, verification verdicts, test
/// diagnosis, README. It reports each step back to its project.
/// </summary>
[Alias("DevBot.Projects.IArchitectGrain")]
public interface IArchitectGrain : IGrainWithIntegerKey
{
    [OneWay]
    Task RunStepAsync(StepRequest step);
}
