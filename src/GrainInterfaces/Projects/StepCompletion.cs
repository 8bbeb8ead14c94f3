namespace DevBot.GrainInterfaces.Projects;

/// <summary>
/// A worker's report of a step. Besides the outcome it carries what the step produced: questions or a scope
/// (Questions), an estimate (Plan), findings (Verify, Diagnose), whether tests passed and their output (Test),
/// the package name (Package), the credits its model calls cost, and — when credits ran out — what the refused request needed.
/// </summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.StepCompletion")]
public sealed record StepCompletion(
    string StepId,
    int Attempt,
    StepOutcome Outcome,
    string Message,
    decimal CreditsUsed,
    string? Commit,
    IReadOnlyList<ProjectQuestion> Questions,
    string? Title,
    string? Scope,
    decimal Estimate,
    IReadOnlyList<string> Findings,
    bool TestsPassed,
    string? Fingerprint,
    decimal CreditsNeeded)
{
    public static StepCompletion Of(StepRequest step, StepOutcome outcome, string message, decimal credits) =>
        new(step.StepId, step.Attempt, outcome, message, credits, null, [], null, null, 0m, [], false, null, 0m);
}
