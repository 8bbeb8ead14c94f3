namespace DevBot.Workspace.Git;

/// <summary>
/// The shape of a project's stored history after a write: how many links follow the full bundle at its start, and
/// their bytes beside the full bundle's (what decides when the chain is compacted).
/// </summary>
public sealed record StoredHistory(int LinksAfterBase, long BaseBytes, long LinkBytes);
