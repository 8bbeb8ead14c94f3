namespace DevBot.GrainInterfaces.Projects;

/// <summary>A TODO item was implemented and committed.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.ItemDone")]
public sealed record ItemDone(string ItemId, int ChangedFiles) : ProjectNews
{
    public override ProjectEventKind Kind => ProjectEventKind.Progress;
}
