namespace DevBot.GrainInterfaces.Projects;

/// <summary>The plan and its estimate, waiting for the user to start (the project stops to ask before spending more than the cap).</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.PlanReady")]
public sealed record PlanReady(int Items, decimal Estimate, decimal Cap) : ProjectNews
{
    public override ProjectEventKind Kind => ProjectEventKind.EstimateReady;
}
