using System.ComponentModel.DataAnnotations;

namespace DevBot.Grains.Projects;

/// <summary>How projects run (section <c>Projects</c>).</summary>
public sealed class ProjectOptions
{
    public const string SectionName = "Projects";

    [Range(1, 10)]
    public int MaxQuestionRounds { get; set; } = 2;

    [Range(1, 10)]
    public int MaxQuestionsPerRound { get; set; } = 5;

    /// <summary>A project may spend at most its estimate times this before the user is asked.</summary>
    [Range(typeof(decimal), "1", "100")]
    public decimal CreditCapFactor { get; set; } = 2.0m;

    /// <summary>A step without a report for this long is dispatched again (its worker is presumed dead).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan StepLease { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Dispatches of one step (its worker lost with its silo, or silent past the lease) before the project pauses and
    /// asks, instead of trying for ever.
    /// </summary>
    [Range(2, 50)]
    public int MaxStepDispatches { get; set; } = 5;

    /// <summary>Wake-ups in a row that failed (the database or the repository unreachable) before the project pauses and asks.</summary>
    [Range(1, 100)]
    public int MaxFailedTicks { get; set; } = 5;

    /// <summary>Period of the durable reminder that wakes active projects (Orleans' floor is one minute).</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "1.00:00:00")]
    public TimeSpan TickPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Failed attempts at one TODO item before the user is asked how to go on.</summary>
    [Range(1, 20)]
    public int MaxItemAttempts { get; set; } = 3;

    /// <summary>
    /// TODO items of one phase run at once when the plan says they are independent and they name disjoint files
    /// (1: one at a time). Each runs in a tree of its own; their commits land in plan order.
    /// </summary>
    [Range(1, 16)]
    public int ParallelItems { get; set; } = 4;

    /// <summary>
    /// Architect steps that may run beside the main step (0: one step at a time): a finished phase's review beside the
    /// work that follows it (its findings become follow-up items, done next); the final review and the README beside the
    /// last phase's review and the tests (they count only if no item lands meanwhile, else they are done again).
    /// </summary>
    [Range(0, 8)]
    public int StepsBeside { get; set; } = 4;

    /// <summary>Edit retries within one attempt (the model sees why its edits failed).</summary>
    [Range(1, 10)]
    public int MaxEditTries { get; set; } = 3;

    /// <summary>Tries for an answer that must be structured (questions, verdicts, plans).</summary>
    [Range(1, 10)]
    public int MaxStructuredTries { get; set; } = 3;

    [Range(1, 10)]
    public int MaxVerificationRounds { get; set; } = 2;

    [Range(0, 10)]
    public int MaxTestFixRounds { get; set; } = 2;

    /// <summary>Upper bound of an implementer prompt (tokens, about four characters each), however large the project.</summary>
    [Range(1000, 200_000)]
    public int ImplementerContextTokens { get; set; } = 6000;

    [Range(typeof(TimeSpan), "00:00:05", "02:00:00")]
    public TimeSpan TestTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Consecutive steps that found no model before the project fails.</summary>
    [Range(1, 100)]
    public int MaxUnavailableSteps { get; set; } = 5;

    /// <summary>How many times the user may have the plan revised before starting development.</summary>
    [Range(0, 20)]
    public int MaxPlanRevisions { get; set; } = 3;

    /// <summary>Longest idea or answer a user may send at once.</summary>
    [Range(100, 100_000)]
    public int MaxMessageChars { get; set; } = 4000;
}
