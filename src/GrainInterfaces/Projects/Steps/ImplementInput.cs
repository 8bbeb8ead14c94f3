namespace DevBot.GrainInterfaces.Projects;

/// <summary>Carry out one TODO item as edits and one commit.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.ImplementInput")]
public sealed record ImplementInput(string Title, string ItemId) : StepInput
{
    public override StepKind Kind => StepKind.Implement;
}
