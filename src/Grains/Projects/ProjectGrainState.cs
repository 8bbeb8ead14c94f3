using DevBot.GrainInterfaces.Projects;

namespace DevBot.Grains.Projects;

/// <summary>
/// Everything a project needs to continue where it was, on any silo. Stored as JSON that names this type and its
/// properties' types, so names stay stable: a change of shape adds properties and bumps <see cref="Version"/>, and
/// <see cref="Workflow.ProjectStateUpgrade"/> brings older rows up to date when they load. Version 0 (the first
/// shape) kept the step inputs, the pending decision, the activity and the notes as text; version 2 types them.
/// </summary>
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
    /// <summary>Version 0 only: the activity as English text (see <see cref="Doing"/>).</summary>
    [Id(26)] public string Activity { get; set; } = string.Empty;
    [Id(27)] public int TodoDone { get; set; }
    [Id(28)] public int TodoTotal { get; set; }
    [Id(29)] public List<string> SkippedItems { get; set; } = [];
    /// <summary>Version 0 only: notes for the delivery as English text (see <see cref="DeliveryNotes"/>).</summary>
    [Id(30)] public List<string> Notes { get; set; } = [];
    [Id(31)] public string? LastTestOutput { get; set; }
    [Id(32)] public string? LastTestCommand { get; set; }
    [Id(33)] public int LastTestExitCode { get; set; }
    [Id(34)] public int UnavailableSteps { get; set; }
    /// <summary>Version 0 only: the pending decision as text ("verify:N", "step:Kind" or an item id; see <see cref="Decision"/>).</summary>
    [Id(35)] public string? PendingDecision { get; set; }
    [Id(36)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Credits that must be available before a project paused for credits can go on (what its step lacked).</summary>
    [Id(37)] public decimal CreditsToResume { get; set; }

    /// <summary>The project's data was purged (retention, or its user asked to be forgotten); only numbers remain.</summary>
    [Id(38)] public bool Purged { get; set; }

    /// <summary>Wake-ups in a row that failed; reset by one that works.</summary>
    [Id(39)] public int FailedTicks { get; set; }

    /// <summary>The shape of this state: 0 for rows written before typed steps, <see cref="CurrentVersion"/> now.</summary>
    [Id(40)] public int Version { get; set; }

    /// <summary>What the project is doing now.</summary>
    [Id(41)] public ProjectActivity Doing { get; set; } = ProjectActivity.None;

    /// <summary>What the user is asked to decide while the project is paused for a decision.</summary>
    [Id(42)] public PendingDecision? Decision { get; set; }

    /// <summary>What the delivery should mention (skipped items, tests that could not pass).</summary>
    [Id(43)] public List<ProjectNote> DeliveryNotes { get; set; } = [];

    /// <summary>TODO.md at the last commit a step reported; null until the plan exists (or a version-0 row loaded it).</summary>
    [Id(44)] public PlanSnapshot? Plan { get; set; }

    /// <summary>Revisions of the plan the user asked for before development (numbered far from the others: added beside parallel work).</summary>
    [Id(90)] public int PlanRevisions { get; set; }

    /// <summary>The language the Architect talks to the user in (an English name such as "Russian"); null for English.</summary>
    [Id(91)] public string? Language { get; set; }

    /// <summary>Steps running beside <see cref="Step"/> (reviews of finished phases, the README beside the final review).</summary>
    [Id(92)] public List<ActiveStep> Beside { get; set; } = [];

    /// <summary>A step beside failed: reviews run one at a time from then on, where the usual failure rules apply.</summary>
    [Id(93)] public bool BesideFailed { get; set; }

    /// <summary>The final review passed (no gaps): items done after it (it ran beside the last phase's review or the tests) undo it.</summary>
    [Id(95)] public bool FinalReviewPassed { get; set; }

    /// <summary>
    /// When each of <see cref="FindingFingerprints"/> was first reported (the step counter then): a finding repeats only
    /// for a review dispatched after that, not for one that ran beside the review that reported it.
    /// </summary>
    [Id(96)] public Dictionary<string, int> FindingSeenAt { get; set; } = [];

    public const int CurrentVersion = 2;
}
