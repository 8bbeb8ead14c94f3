namespace DevBot.GrainInterfaces.Projects;

/// <summary>
/// The Architect revised the plan at the user's request (revision <paramref name="Round"/> of at most
/// <paramref name="MaxRounds"/>): what changed (TODO items added and removed, files changed) and the new estimate
/// beside the one before; the project waits for the user to start again.
/// </summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.PlanRevised")]
public sealed record PlanRevised(
    int Round,
    int MaxRounds,
    int Items,
    decimal Estimate,
    decimal PreviousEstimate,
    decimal Cap,
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Removed,
    IReadOnlyList<string> ChangedFiles,
    IReadOnlyList<string>? MissingTools = null) : ProjectNews
{
    public override ProjectEventKind Kind => ProjectEventKind.EstimateReady;
}
