namespace DevBot.GrainInterfaces.Projects;

/// <summary>
/// The tests could not be run (the outcome says why; the detail is the sandbox's or the step's own message), or still
/// fail after the allowed fix rounds; the delivery will say so.
/// </summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.TestsNotPassing")]
public sealed record TestsNotPassing(TestOutcome Outcome, int Rounds, string Command, int ExitCode, string Detail) : ProjectNews
{
    public override ProjectEventKind Kind => ProjectEventKind.Info;
}
