namespace DevBot.Workspace.Git;

/// <summary>Durable copies of project repositories (a git bundle of the whole history and its HEAD).</summary>
public interface IRepositoryStore
{
    Task SaveAsync(Guid projectId, StoredRepository repository, CancellationToken cancellationToken = default);

    Task<StoredRepository?> LoadAsync(Guid projectId, CancellationToken cancellationToken = default);

    /// <summary>The stored HEAD alone (null when nothing is stored): enough to tell whether a local copy is current.</summary>
    Task<string?> HeadAsync(Guid projectId, CancellationToken cancellationToken = default);
}
