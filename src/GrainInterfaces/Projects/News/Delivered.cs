namespace DevBot.GrainInterfaces.Projects;

/// <summary>The project is complete and its package is ready.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.Delivered")]
public sealed record Delivered(string FileName, bool TestsPassed, IReadOnlyList<ProjectNote> Notes) : ProjectNews
{
    public override ProjectEventKind Kind => ProjectEventKind.Delivered;
}
