namespace DevBot.GrainInterfaces.Projects;

/// <summary>The user asked for a change to the plan; the Architect revises it (revision <paramref name="Round"/>).</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.PlanRevising")]
public sealed record PlanRevising(int Round) : ProjectNews
{
    public override ProjectEventKind Kind => ProjectEventKind.StateChanged;
}
