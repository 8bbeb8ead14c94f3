namespace DevBot.GrainInterfaces.Projects;

public enum StepOutcome
{
    Succeeded = 0,

    /// <summary>The step could not do its work (edits kept failing, malformed answers, tests could not run…).</summary>
    Failed = 1,

    InsufficientCredits = 2,

    /// <summary>No model answered (every provider and key failed); the step can be retried later.</summary>
    ModelUnavailable = 3,
}
