namespace DevBot.GrainInterfaces.Projects;

/// <summary>
/// Something the user should hear about, numbered per project (<paramref name="Seq"/>) so that a front-end that was
/// away can ask for everything after the last number it handled. <paramref name="News"/> says what happened, typed;
/// the numbers beside it are the project's at that moment.
/// </summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.ProjectEvent.v2")]
public sealed record ProjectEvent(
    Guid ProjectId,
    long Seq,
    ProjectState State,
    int TodoDone,
    int TodoTotal,
    decimal CreditsUsed,
    ProjectNews News,
    DateTimeOffset At)
{
    public ProjectEventKind Kind => News.Kind;
}
