namespace DevBot.GrainInterfaces.Projects;

/// <summary>
/// Something the user should hear about, numbered per project (<paramref name="Seq"/>) so that a bot that was away
/// can ask for everything after the last number it handled. <paramref name="Choices"/> are answers the user can
/// pick (buttons).
/// </summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.ProjectEvent")]
public sealed record ProjectEvent(
    Guid ProjectId,
    long Seq,
    ProjectEventKind Kind,
    ProjectState State,
    string Text,
    int TodoDone,
    int TodoTotal,
    decimal CreditsUsed,
    IReadOnlyList<ProjectQuestion> Questions,
    IReadOnlyList<string> Choices,
    DateTimeOffset At);
