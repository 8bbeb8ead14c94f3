namespace DevBot.GrainInterfaces.Projects;

/// <summary>The project's tests passed in the sandbox.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.TestsPassed")]
public sealed record TestsPassed(string Command, double Seconds) : ProjectNews
{
    public override ProjectEventKind Kind => ProjectEventKind.Progress;
}
