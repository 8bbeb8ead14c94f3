namespace DevBot.GrainInterfaces.Projects;

/// <summary>A paused project goes on.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.Resumed")]
public sealed record Resumed : ProjectNews
{
    public override ProjectEventKind Kind => ProjectEventKind.Resumed;
}
