namespace DevBot.GrainInterfaces.Projects;

/// <summary>
/// Carry out several TODO items of one phase at once — items the plan says are independent (an <c>after:</c> clause
/// whose items are done) and that name disjoint files — each in a tree of its own from the same commit, then commit
/// them in plan order, one commit per item.
/// </summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.ImplementItemsInput")]
public sealed record ImplementItemsInput(string Title, IReadOnlyList<string> ItemIds) : StepInput
{
    public override StepKind Kind => StepKind.Implement;
}
