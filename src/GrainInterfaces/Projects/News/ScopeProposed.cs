namespace DevBot.GrainInterfaces.Projects;

/// <summary>The Architect's summary of what will be built, for the user to confirm or correct.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.ScopeProposed")]
public sealed record ScopeProposed(string Title, string Scope) : ProjectNews
{
    public override ProjectEventKind Kind => ProjectEventKind.ScopeProposed;
}
