namespace DevBot.GrainInterfaces.Projects;

/// <summary>Every TODO item is done and reviewed; the project's tests run next.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.FinalizingStarted")]
public sealed record FinalizingStarted : ProjectNews
{
    public override ProjectEventKind Kind => ProjectEventKind.StateChanged;
}
