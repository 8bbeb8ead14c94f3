using DevBot.GrainInterfaces.Projects;

namespace DevBot.Grains.Projects;

/// <summary>Everything a project needs to continue where it was, on any silo (stored as JSON; keep names stable).</summary>
[GenerateSerializer]
[Alias("DevBot.Grains.Projects.ProjectGrainState")]
public sealed class ProjectGrainState
{
    [Id(0)] public long UserId { get; set; }
    [Id(1)] public string Idea { get; set; } = string.Empty;
    [Id(2)] public string? Title { get; set; }
    [Id(3)] public ProjectState State { get; set; }
    [Id(4)] public PauseReason Pause { get; set; }
    [Id(5)] public ProjectState StateBeforePause { get; set; }
    [Id(6)] public List<QuestionRound> Rounds { get; set; } = [];
    [Id(7)] public string? Scope { get; set; }
    [Id(8)] public decimal Estimate { get; set; }
    [Id(9)] public decimal Cap { get; set; }
    [Id(10)] public decimal CreditsUsed { get; set; }
    [Id(11)] public ActiveStep? Step { get; set; }
    [Id(12)] public ActiveStep? RetryStep { get; set; }
    [Id(13)] public int StepCounter { get; set; }
    [Id(14)] public Dictionary<string, int> ItemFailures { get; set; } = [];
    [Id(15)] public Dictionary<string, string> FailureFingerprints { get; set; } = [];
    [Id(16)] public List<string> FindingFingerprints { get; set; } = [];
    [Id(17)] public Dictionary<int, int> VerifyRounds { get; set; } = [];
    [Id(18)] public List<int> VerifiedPhases { get; set; } = [];
    [Id(19)] public int TestRounds { get; set; }
    [Id(20)] public TestStage Tests { get; set; }
    [Id(21)] public bool FinalReviewDone { get; set; }
    [Id(22)] public bool ReadmeDone { get; set; }
    [Id(23)] public long EventSeq { get; set; }
    [Id(24)] public string? PackageFileName { get; set; }
    [Id(25)] public bool CancelRequested { get; set; }
    [Id(26)] public string Activity { get; set; } = string.Empty;
    [Id(27)] public int TodoDone { get; set; }
    [Id(28)] public int TodoTotal { get; set; }
    [Id(29)] public List<string> SkippedItems { get; set; } = [];
    [Id(30)] public List<string> Notes { get; set; } = [];
    [Id(31)] public string? LastTestOutput { get; set; }
    [Id(32)] public string? LastTestCommand { get; set; }
    [Id(33)] public int LastTestExitCode { get; set; }
    [Id(34)] public int UnavailableSteps { get; set; }
    [Id(35)] public string? PendingDecision { get; set; }
    [Id(36)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Credits that must be available before a project paused for credits can go on (what its step lacked).</summary>
    [Id(37)] public decimal CreditsToResume { get; set; }

    /// <summary>The project's data was purged (retention, or its user asked to be forgotten); only numbers remain.</summary>
    [Id(38)] public bool Purged { get; set; }

    /// <summary>Wake-ups in a row that failed; reset by one that works.</summary>
    [Id(39)] public int FailedTicks { get; set; }
}
