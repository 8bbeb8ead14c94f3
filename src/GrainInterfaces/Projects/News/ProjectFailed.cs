namespace DevBot.GrainInterfaces.Projects;

/// <summary>The project stopped because it could not go on.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.ProjectFailed")]
public sealed record ProjectFailed(FailureReason Reason, string Detail) : ProjectNews
{
    public override ProjectEventKind Kind => ProjectEventKind.Failed;
}
