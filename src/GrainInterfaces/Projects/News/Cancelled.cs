namespace DevBot.GrainInterfaces.Projects;

/// <summary>The project stopped at the user's request (with a partial package when something was built).</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.Cancelled")]
public sealed record Cancelled(string? FileName) : ProjectNews
{
    public override ProjectEventKind Kind => ProjectEventKind.Cancelled;
}
