namespace DevBot.GrainInterfaces.Projects;

/// <summary>The project's tests failed; the Architect looks at why.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.TestsFailed")]
public sealed record TestsFailed(string Command, int ExitCode, bool Stopped) : ProjectNews
{
    public override ProjectEventKind Kind => ProjectEventKind.Progress;
}
