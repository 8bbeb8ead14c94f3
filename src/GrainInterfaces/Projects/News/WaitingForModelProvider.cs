namespace DevBot.GrainInterfaces.Projects;

/// <summary>
/// A step found no working model: the project waits for the model provider and retries (up to
/// <paramref name="TriesLeft"/> more steps), and the failed tries cost nothing. Said once per outage.
/// </summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.WaitingForModelProvider")]
public sealed record WaitingForModelProvider(int TriesLeft) : ProjectNews
{
    public override ProjectEventKind Kind => ProjectEventKind.Notice;
}
