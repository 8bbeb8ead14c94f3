namespace DevBot.GrainInterfaces.Projects;

/// <summary>What a project asks a worker to do: one subtype per step kind, so every step's input is typed and versioned by Orleans.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.StepInput")]
public abstract record StepInput
{
    public abstract StepKind Kind { get; }
}
