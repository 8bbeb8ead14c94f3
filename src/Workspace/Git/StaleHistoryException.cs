namespace DevBot.Workspace.Git;

/// <summary>
/// A save whose commits do not follow the stored head: another silo saved since this copy was opened (a failover
/// race). The save is refused rather than forking the history; the copy is rebuilt from the store when next opened.
/// </summary>
public sealed class StaleHistoryException(Guid projectId, string? storedHead, string reason)
    : InvalidOperationException($"The history of project {projectId} moved on to {storedHead ?? "nothing"} (stored by another writer): {reason}")
{
    public Guid ProjectId { get; } = projectId;

    public string? StoredHead { get; } = storedHead;
}
