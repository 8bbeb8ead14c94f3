namespace DevBot.GrainInterfaces.Projects;

/// <summary>
/// The plan and its estimate, waiting for the user to start (the project stops to ask before spending more than the
/// cap); <see cref="MissingTools"/> names the programs the plan's commands need that this server lacks.
/// </summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.PlanReady")]
public sealed record PlanReady(int Items, decimal Estimate, decimal Cap, IReadOnlyList<string>? MissingTools = null) : ProjectNews
{
    public override ProjectEventKind Kind => ProjectEventKind.EstimateReady;
}
