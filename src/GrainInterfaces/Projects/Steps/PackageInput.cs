namespace DevBot.GrainInterfaces.Projects;

/// <summary>Build the delivery ZIP.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.PackageInput")]
public sealed record PackageInput(string Title) : StepInput
{
    public override StepKind Kind => StepKind.Package;
}
