namespace DevBot.GrainInterfaces.Projects;

/// <summary>Write the README from the code.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.ReadmeInput")]
public sealed record ReadmeInput(string Title) : StepInput
{
    public override StepKind Kind => StepKind.Readme;
}
