namespace DevBot.GrainInterfaces.Projects;

/// <summary>Run the project's tests in the sandbox.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.TestInput")]
public sealed record TestInput : StepInput
{
    public override StepKind Kind => StepKind.Test;
}
