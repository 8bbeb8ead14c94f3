namespace DevBot.GrainInterfaces.Projects;

/// <summary>The user asked to stop: the project stops after the step that runs now and delivers what was done.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.StopRequested")]
public sealed record StopRequested(ProjectActivity Current, decimal CreditsUsed) : ProjectNews
{
    public override ProjectEventKind Kind => ProjectEventKind.Info;
}
