namespace DevBot.GrainInterfaces.Projects;

/// <summary>The user corrected the scope; the Architect revises it.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.ScopeRevising")]
public sealed record ScopeRevising : ProjectNews
{
    public override ProjectEventKind Kind => ProjectEventKind.StateChanged;
}
