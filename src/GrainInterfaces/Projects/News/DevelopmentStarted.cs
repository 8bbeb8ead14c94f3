namespace DevBot.GrainInterfaces.Projects;

/// <summary>The user started development.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.DevelopmentStarted")]
public sealed record DevelopmentStarted(decimal Estimate, decimal Cap) : ProjectNews
{
    public override ProjectEventKind Kind => ProjectEventKind.StateChanged;
}
