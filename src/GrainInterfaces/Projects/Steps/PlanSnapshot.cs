namespace DevBot.GrainInterfaces.Projects;

/// <summary>TODO.md at the commit a step left, as the workflow reads it to choose the next step.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.PlanSnapshot")]
public sealed record PlanSnapshot(IReadOnlyList<PlanItem> Items)
{
    public static PlanSnapshot Empty { get; } = new([]);

    // Methods, not properties: the snapshot is part of stored project state, whose JSON must hold only its data.
    public int DoneCount() => Items.Count(i => i.Done);

    public int TotalCount() => Items.Count;

    /// <summary>The Architect's phases in order (phases DevBot appended are not among them).</summary>
    public IReadOnlyList<int> Phases() => Items.Where(i => !i.FollowUp).Select(i => i.Phase).Distinct().Order().ToList();
}
