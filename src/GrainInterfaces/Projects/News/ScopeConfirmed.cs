namespace DevBot.GrainInterfaces.Projects;

/// <summary>The user confirmed the scope; the Architect writes the docs and the plan.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.ScopeConfirmed")]
public sealed record ScopeConfirmed : ProjectNews
{
    public override ProjectEventKind Kind => ProjectEventKind.StateChanged;
}
