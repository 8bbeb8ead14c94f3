namespace DevBot.GrainInterfaces.Projects;

/// <summary>The delivery package is being built.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.PackagingStarted")]
public sealed record PackagingStarted : ProjectNews
{
    public override ProjectEventKind Kind => ProjectEventKind.StateChanged;
}
