namespace DevBot.GrainInterfaces.Projects;

/// <summary>A TODO item was implemented and committed, with how its check went (null in events written before checks existed).</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.ItemDone")]
public sealed record ItemDone(string ItemId, int ChangedFiles, ItemCheck? Check = null) : ProjectNews
{
    public override ProjectEventKind Kind => ProjectEventKind.Progress;
}
