namespace DevBot.GrainInterfaces.Projects;

[GenerateSerializer, Immutable, Alias("DevBot.Projects.ProjectStatus")]
public sealed record ProjectStatus(
    Guid ProjectId,
    long UserId,
    string Title,
    ProjectState State,
    PauseReason Pause,
    string Activity,
    int TodoDone,
    int TodoTotal,
    decimal CreditsUsed,
    decimal EstimateCredits,
    decimal CreditCap,
    IReadOnlyList<ProjectQuestion> OpenQuestions,
    string? ScopeSummary,
    string? PackageFileName,
    long LastEventSeq);
