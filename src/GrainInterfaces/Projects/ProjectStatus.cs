namespace DevBot.GrainInterfaces.Projects;

[GenerateSerializer, Immutable, Alias("DevBot.Projects.ProjectStatus.v2")]
public sealed record ProjectStatus(
    Guid ProjectId,
    long UserId,
    string Title,
    ProjectState State,
    PauseReason Pause,
    ProjectActivity Activity,
    int TodoDone,
    int TodoTotal,
    decimal CreditsUsed,
    decimal EstimateCredits,
    decimal CreditCap,
    IReadOnlyList<ProjectQuestion> OpenQuestions,
    string? ScopeSummary,
    string? PackageFileName,
    long LastEventSeq);
