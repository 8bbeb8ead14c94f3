namespace DevBot.GrainInterfaces.Projects;

/// <summary>A review found everything in place (phase 0: the final review).</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.ReviewPassed")]
public sealed record ReviewPassed(int Phase) : ProjectNews
{
    public override ProjectEventKind Kind => ProjectEventKind.Progress;
}
