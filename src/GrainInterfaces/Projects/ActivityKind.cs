namespace DevBot.GrainInterfaces.Projects;

/// <summary>What a project is doing now (or waits for).</summary>
public enum ActivityKind
{
    None = 0,
    ReadingIdea = 1,
    ReadingAnswers = 2,
    WaitingForAnswers = 3,
    RevisingScope = 4,
    WaitingForScopeConfirmation = 5,
    Planning = 6,
    WaitingForStart = 7,
    Implementing = 8,
    Reviewing = 9,
    RunningTests = 10,
    DiagnosingTests = 11,
    WritingReadme = 12,
    Packaging = 13,
    Stopping = 14,
    WaitingForModel = 15,
    Paused = 16,
    Delivered = 17,
    Cancelled = 18,
    Failed = 19,
    DataDeleted = 20,

    /// <summary>Stored by an earlier version as English text (<see cref="ProjectActivity.Text"/>).</summary>
    Legacy = 21,

    /// <summary>The Architect revises the plan at the user's request.</summary>
    RevisingPlan = 22,
}
