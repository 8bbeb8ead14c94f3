namespace DevBot.GrainInterfaces.Projects;

/// <summary>The project started: the Architect reads the idea and prepares questions.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.IdeaReceived")]
public sealed record IdeaReceived : ProjectNews
{
    public override ProjectEventKind Kind => ProjectEventKind.StateChanged;
}
