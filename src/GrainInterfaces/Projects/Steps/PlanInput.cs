namespace DevBot.GrainInterfaces.Projects;

/// <summary>Write the docs and TODO.md for the confirmed scope, and estimate the cost.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.PlanInput")]
public sealed record PlanInput(string Title, string Scope, string Idea) : StepInput
{
    public override StepKind Kind => StepKind.Plan;
}
