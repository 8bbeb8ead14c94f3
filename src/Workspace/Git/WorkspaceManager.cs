using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DevBot.Workspace.Git;

/// <summary>
/// Working copies of projects on this machine, kept in step with PostgreSQL: every commit is followed by saving a
/// bundle of the history; opening a project whose local copy is missing, broken, tampered with
/// (<see cref="RepositoryIntegrity"/>), not ours (another owner) or not at the stored HEAD (another silo worked on it
/// since) rebuilds the copy from the stored bundle first. The folder of working copies is private to this process's
/// user.
/// </summary>
public sealed class WorkspaceManager(IRepositoryStore store, IOptions<WorkspaceOptions> options, ILogger<WorkspaceManager> logger)
{
    private readonly WorkspaceOptions _options = options.Value;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, SemaphoreSlim> _restoring = new();

    public string PathOf(Guid projectId) => Path.Combine(Path.GetFullPath(_options.Root), projectId.ToString("N"));

    /// <summary>The project's repository at the stored HEAD (restored if needed), or a new one.</summary>
    public async Task<ProjectRepository> OpenAsync(Guid projectId, CancellationToken cancellationToken = default)
    {
        // Grains of one project (project, implementer, index) may open it at once on one silo; one restores at a time.
        var gate = _restoring.GetOrAdd(projectId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await OpenLockedAsync(projectId, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<ProjectRepository> OpenLockedAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var path = PathOf(projectId);
        EnsurePrivateRoot();
        // The HEAD alone first: the common case (this silo has the current copy) never reads the history.
        var storedHead = await store.HeadAsync(projectId, cancellationToken);
        var local = Directory.Exists(path) ? TryOpenTrusted(projectId, path) : null;
        if (storedHead is null)
        {
            if (local is not null)
            {
                return local;
            }

            DeleteFolder(path);
            return ProjectRepository.OpenOrInit(path);
        }

        if (local is not null)
        {
            if (local.HeadSha == storedHead)
            {
                return local;
            }

            local.Dispose();
            logger.LogInformation("Working copy of project {ProjectId} is not at the stored HEAD; rebuilding it", projectId);
        }

        var stored = await store.LoadAsync(projectId, cancellationToken)
                     ?? throw new InvalidOperationException($"The stored repository of project {projectId} disappeared while it was opened.");
        await RestoreAsync(projectId, stored, path, cancellationToken);
        return ProjectRepository.Open(path);
    }

    /// <summary>The local copy, opened, if it passes the integrity checks and git opens it; otherwise null (to be rebuilt).</summary>
    private ProjectRepository? TryOpenTrusted(Guid projectId, string path)
    {
        try
        {
            if (!LibGit2Sharp.Repository.IsValid(path))
            {
                logger.LogWarning("Working copy of project {ProjectId} is not a repository; rebuilding it", projectId);
                return null;
            }

            var problems = RepositoryIntegrity.Problems(path);
            if (problems.Count > 0)
            {
                logger.LogWarning("Working copy of project {ProjectId} failed its integrity check ({Problems}); rebuilding it from the stored history",
                    projectId, string.Join("; ", problems));
                return null;
            }

            return ProjectRepository.Open(path);
        }
        catch (LibGit2Sharp.LibGit2SharpException ex)
        {
            // E.g. "not owned by current user": a copy a sandbox of an earlier version was killed in, still handed to its uid.
            logger.LogWarning("Working copy of project {ProjectId} cannot be opened ({Reason}); rebuilding it from the stored history", projectId, ex.Message);
            return null;
        }
    }

    /// <summary>The folder of working copies exists and only this process's user can enter it.</summary>
    private void EnsurePrivateRoot()
    {
        var root = Path.GetFullPath(_options.Root);
        Directory.CreateDirectory(root);
        if (!OperatingSystem.IsWindows() && File.GetUnixFileMode(root) != (UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static void DeleteFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }

        // git marks its objects read-only; clear that so the tree can go.
        foreach (var file in Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            File.SetAttributes(file, FileAttributes.Normal);
        }

        Directory.Delete(folder, recursive: true);
    }

    /// <summary>The projects with a working copy on this machine, and when each was last written.</summary>
    public IReadOnlyList<(Guid ProjectId, DateTimeOffset LastWrite)> LocalCopies()
    {
        var root = Path.GetFullPath(_options.Root);
        if (!Directory.Exists(root))
        {
            return [];
        }

        var copies = new List<(Guid, DateTimeOffset)>();
        foreach (var folder in Directory.EnumerateDirectories(root))
        {
            var name = Path.GetFileName(folder);
            // A restore that died leaves "{id}.restoring-…": it counts as a copy of its project.
            if (Guid.TryParseExact(name.Split('.', 2)[0], "N", out var projectId))
            {
                var index = Path.Combine(folder, ".git", "index");
                var written = File.Exists(index) && File.GetLastWriteTimeUtc(index) > Directory.GetLastWriteTimeUtc(folder)
                    ? File.GetLastWriteTimeUtc(index)
                    : Directory.GetLastWriteTimeUtc(folder);
                copies.Add((projectId, new DateTimeOffset(written, TimeSpan.Zero)));
            }
        }

        return copies;
    }

    /// <summary>Deletes this machine's working copy of a project (it is a cache; the purge of the stored copy is the store's).</summary>
    public async Task DeleteLocalAsync(Guid projectId, CancellationToken cancellationToken = default)
    {
        var gate = _restoring.GetOrAdd(projectId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var path = PathOf(projectId);
            var root = Path.GetDirectoryName(path)!;
            var leftovers = Directory.Exists(root) ? Directory.EnumerateDirectories(root, Path.GetFileName(path) + ".restoring-*") : [];
            foreach (var folder in leftovers.Append(path).Where(Directory.Exists).ToList())
            {
                DeleteFolder(folder);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Commits <paramref name="paths"/> (what an edit changed; nothing else of the working tree) and saves the history
    /// to PostgreSQL; null when there was nothing to commit.
    /// </summary>
    public async Task<GitCommitInfo?> CommitAsync(ProjectRepository repository, Guid projectId, IEnumerable<string> paths, string message,
        CancellationToken cancellationToken = default)
    {
        var commit = repository.Commit(paths, message, _options.AuthorName, _options.AuthorEmail);
        if (commit is not null)
        {
            await SaveAsync(repository, projectId, cancellationToken);
        }

        return commit;
    }

    public async Task SaveAsync(ProjectRepository repository, Guid projectId, CancellationToken cancellationToken = default)
    {
        var bundlePath = Path.Combine(Path.GetTempPath(), $"devbot-{projectId:N}-{Guid.NewGuid():N}.bundle");
        try
        {
            await repository.CreateBundleAsync(bundlePath, cancellationToken);
            await store.SaveAsync(projectId, new StoredRepository(await File.ReadAllBytesAsync(bundlePath, cancellationToken), repository.HeadSha!), cancellationToken);
        }
        finally
        {
            File.Delete(bundlePath);
        }
    }

    private async Task RestoreAsync(Guid projectId, StoredRepository stored, string path, CancellationToken cancellationToken)
    {
        var bundlePath = Path.Combine(Path.GetTempPath(), $"devbot-restore-{projectId:N}-{Guid.NewGuid():N}.bundle");
        var staging = path + ".restoring-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            await File.WriteAllBytesAsync(bundlePath, stored.Bundle, cancellationToken);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            // No template: no sample hooks, nothing but the repository.
            await GitCli.RunCheckedAsync(Path.GetDirectoryName(path)!,
                ["clone", "--quiet", "--template=", "--single-branch", "--branch", ProjectRepository.DefaultBranch, bundlePath, staging], cancellationToken);
            await GitCli.RunCheckedAsync(staging, ["remote", "remove", "origin"], cancellationToken);
            RepositoryIntegrity.Seal(staging);
            DeleteFolder(path);

            Directory.Move(staging, path);
            logger.LogInformation("Restored project {ProjectId} from PostgreSQL at {HeadSha}", projectId, stored.HeadSha);
        }
        finally
        {
            File.Delete(bundlePath);
            DeleteFolder(staging);
        }
    }
}
