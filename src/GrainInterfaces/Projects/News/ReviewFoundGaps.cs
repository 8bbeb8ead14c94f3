namespace DevBot.GrainInterfaces.Projects;

/// <summary>A review found gaps and added them to the TODO.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.ReviewFoundGaps")]
public sealed record ReviewFoundGaps(int Phase, IReadOnlyList<string> Gaps) : ProjectNews
{
    public override ProjectEventKind Kind => ProjectEventKind.Progress;
}
