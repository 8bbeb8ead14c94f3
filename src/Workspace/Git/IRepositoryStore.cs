namespace DevBot.Workspace.Git;

/// <summary>
/// Durable copies of project repositories, as a chain of git bundles: a full bundle, then one bundle of the new
/// commits per save, each naming the head it builds on; compacted into one full bundle now and then.
/// </summary>
public interface IRepositoryStore
{
    /// <summary>
    /// Adds a link at the end of the chain, only if its prerequisite is the stored head (null: nothing is stored yet);
    /// otherwise throws <see cref="StaleHistoryException"/> and stores nothing.
    /// </summary>
    Task<StoredHistory> AppendAsync(Guid projectId, StoredRepository link, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the links up to and including the one whose head is <paramref name="full"/>'s head by that full bundle,
    /// in one transaction; links appended after it stay. False when no stored link has that head (nothing changes).
    /// </summary>
    Task<bool> CompactAsync(Guid projectId, StoredRepository full, CancellationToken cancellationToken = default);

    /// <summary>The chain in order, checksums verified (empty when nothing is stored).</summary>
    Task<IReadOnlyList<StoredRepository>> LoadAsync(Guid projectId, CancellationToken cancellationToken = default);

    /// <summary>The stored HEAD alone (null when nothing is stored): enough to tell whether a local copy is current.</summary>
    Task<string?> HeadAsync(Guid projectId, CancellationToken cancellationToken = default);
}
