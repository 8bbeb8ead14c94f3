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

    /// <summary>
    /// A fresh, empty folder for the trees of the items a step of <paramref name="projectId"/> runs at once (beside the
    /// working copy, so it is private like it and counted as the project's copy by the clean-up); whatever an earlier
    /// step left there is deleted first.
    /// </summary>
    public string FreshItemTrees(Guid projectId)
    {
        EnsurePrivateRoot();
        var path = PathOf(projectId) + ".items";
        if (Directory.Exists(path))
        {
            DeleteFolder(path);
        }

        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Deletes the item trees of <paramref name="projectId"/> (see <see cref="FreshItemTrees"/>).</summary>
    public void DeleteItemTrees(Guid projectId)
    {
        var path = PathOf(projectId) + ".items";
        if (Directory.Exists(path))
        {
            DeleteFolder(path);
        }
    }

    /// <summary>
    /// Holds the project's working copy for one writer until disposed: steps of a project that run at once (items
    /// beside a review) change the working copy and commit only while they hold it, so one never commits or discards
    /// another's half-written files. Opening the project (which may rebuild the copy) waits for it too; it is not
    /// reentrant (do not open the project while holding it).
    /// </summary>
    public async Task<IDisposable> LockAsync(Guid projectId, CancellationToken cancellationToken = default)
    {
        var gate = _restoring.GetOrAdd(projectId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        return new Held(gate);
    }

    private sealed class Held(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }

    /// <summary>The project's repository at the stored HEAD (restored if needed), or a new one.</summary>
    public async Task<ProjectRepository> OpenAsync(Guid projectId, CancellationToken cancellationToken = default)
    {
        // Grains of one project (project, implementer, index) may open it at once on one silo; one restores at a time,
        // and never while a writer holds the copy (see LockAsync).
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

        var stored = await store.LoadAsync(projectId, cancellationToken);
        if (stored.Count == 0)
        {
            throw new InvalidOperationException($"The stored repository of project {projectId} disappeared while it was opened.");
        }

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
            foreach (var folder in leftovers.Append(path).Append(path + ".items").Where(Directory.Exists).ToList())
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
        // Another step's instance may have committed since this one was opened: libgit2 re-reads the index when the
        // file changed on disk, so the commit builds on it (ReviewsBesideJourneyTests commits both ways round).
        var commit = repository.Commit(paths, message, _options.AuthorName, _options.AuthorEmail);

        if (commit is not null)
        {
            await SaveAsync(repository, projectId, cancellationToken);
        }

        return commit;
    }

    /// <summary>
    /// Saves the commits made since the stored head as one more link of the stored chain (the first save: the whole
    /// history), and compacts the chain into one full bundle when it grew past <see cref="MaxHistoryLinks"/> links or
    /// its links outweigh the full bundle. Refused with <see cref="StaleHistoryException"/> when this copy does not
    /// build on the stored head (another silo saved since): nothing is stored, and the next open rebuilds the copy.
    /// </summary>
    public async Task SaveAsync(ProjectRepository repository, Guid projectId, CancellationToken cancellationToken = default)
    {
        var head = repository.HeadSha ?? throw new InvalidOperationException($"Project {projectId} has no commit to save.");
        var storedHead = await store.HeadAsync(projectId, cancellationToken);
        if (storedHead == head)
        {
            return;
        }

        if (storedHead is not null && !await ContainsAsync(repository.WorkingDirectory, storedHead, cancellationToken))
        {
            throw new StaleHistoryException(projectId, storedHead, $"this copy's head {head} does not descend from it.");
        }

        var history = await store.AppendAsync(projectId,
            new StoredRepository(await BundleAsync(repository.WorkingDirectory, projectId, storedHead, cancellationToken), head, storedHead), cancellationToken);
        if (history.LinksAfterBase > MaxHistoryLinks || (history.LinksAfterBase > 0 && history.LinkBytes > history.BaseBytes))
        {
            // Restores fetch one bundle per link, and the links repeat nothing the full bundle has: rewriting the full
            // history when the links outweigh it keeps the bytes written per commit bounded (each byte of a link is
            // rewritten about once), the count bound keeps restores short.
            var full = await BundleAsync(repository.WorkingDirectory, projectId, null, cancellationToken);
            if (await store.CompactAsync(projectId, new StoredRepository(full, head), cancellationToken))
            {
                logger.LogDebug("Compacted the stored history of project {ProjectId} at {HeadSha} ({Links} links)", projectId, head, history.LinksAfterBase + 1);
            }
        }
    }

    /// <summary>Links after the full bundle beyond which the chain is compacted (each costs a git fetch on restore).</summary>
    public int MaxHistoryLinks { get; init; } = 64;

    /// <summary>Whether <paramref name="sha"/> is the head or an ancestor of the copy's branch.</summary>
    private static async Task<bool> ContainsAsync(string workingDirectory, string sha, CancellationToken cancellationToken)
    {
        if (sha.Length != 40 || !sha.All(char.IsAsciiHexDigitLower))
        {
            return false;
        }

        var (code, _) = await GitCli.RunAsync(workingDirectory, ["merge-base", "--is-ancestor", sha, "refs/heads/" + ProjectRepository.DefaultBranch], cancellationToken);
        return code == 0;
    }

    /// <summary>
    /// A bundle of HEAD and the branch, holding only the commits after <paramref name="since"/> (null: all of them).
    /// No other ref is ever named, so nothing but the branch's history can leave the copy.
    /// </summary>
    private static async Task<byte[]> BundleAsync(string workingDirectory, Guid projectId, string? since, CancellationToken cancellationToken)
    {
        var bundlePath = Path.Combine(Path.GetTempPath(), $"devbot-{projectId:N}-{Guid.NewGuid():N}.bundle");
        try
        {
            List<string> arguments = ["bundle", "create", "--quiet", bundlePath, "HEAD", "refs/heads/" + ProjectRepository.DefaultBranch];
            if (since is not null)
            {
                arguments.Add("^" + since);
            }

            await GitCli.RunCheckedAsync(workingDirectory, arguments, cancellationToken);
            return await File.ReadAllBytesAsync(bundlePath, cancellationToken);
        }
        finally
        {
            File.Delete(bundlePath);
        }
    }

    /// <summary>
    /// Rebuilds the copy from the chain: the full bundle is cloned, each later link fetched into the branch in order
    /// (git checks each link's prerequisites are there and that the branch only moves forward), the result checked
    /// to be at the stored head and sealed, and only then moved into place.
    /// </summary>
    private async Task RestoreAsync(Guid projectId, IReadOnlyList<StoredRepository> chain, string path, CancellationToken cancellationToken)
    {
        for (var i = 0; i < chain.Count; i++)
        {
            var expected = i == 0 ? null : chain[i - 1].HeadSha;
            if (chain[i].PrerequisiteSha != expected)
            {
                throw new InvalidDataException(
                    $"The stored history of project {projectId} is broken: link {i} builds on {chain[i].PrerequisiteSha ?? "nothing"}, not on {expected ?? "nothing"}.");
            }
        }

        var bundles = Directory.CreateTempSubdirectory($"devbot-restore-{projectId:N}-").FullName;
        var staging = path + ".restoring-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            var files = new List<string>();
            for (var i = 0; i < chain.Count; i++)
            {
                files.Add(Path.Combine(bundles, $"{i:D6}.bundle"));
                await File.WriteAllBytesAsync(files[i], chain[i].Bundle, cancellationToken);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            // No template (no sample hooks), no remote (a clone leaves refs/remotes/origin/HEAD behind, which the
            // integrity check rightly refuses): an empty repository on the branch, filled link by link.
            await GitCli.RunCheckedAsync(Path.GetDirectoryName(path)!,
                ["init", "--quiet", "--template=", "--initial-branch=" + ProjectRepository.DefaultBranch, staging], cancellationToken);
            var branch = "refs/heads/" + ProjectRepository.DefaultBranch;
            foreach (var file in files)
            {
                // Without '+' git refuses a link that would move the branch anywhere but forward, and one whose
                // prerequisite commits are missing.
                await GitCli.RunCheckedAsync(staging, ["fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "--update-head-ok", file, $"{branch}:{branch}"], cancellationToken);
            }

            await GitCli.RunCheckedAsync(staging, ["reset", "--quiet", "--hard", branch], cancellationToken);
            // The reset's note of where the branch was: not part of a copy DevBot makes.
            File.Delete(Path.Combine(staging, ".git", "ORIG_HEAD"));
            var (_, restoredHead) = await GitCli.RunAsync(staging, ["rev-parse", "--verify", "HEAD"], cancellationToken);
            if (restoredHead.Trim() != chain[^1].HeadSha)
            {
                throw new InvalidDataException($"The stored history of project {projectId} restores to {restoredHead.Trim()}, not to its head {chain[^1].HeadSha}.");
            }

            RepositoryIntegrity.Seal(staging);
            var problems = RepositoryIntegrity.Problems(staging);
            if (problems.Count > 0)
            {
                throw new InvalidDataException($"The restored copy of project {projectId} fails its integrity check: {string.Join("; ", problems)}.");
            }

            DeleteFolder(path);
            Directory.Move(staging, path);
            logger.LogInformation("Restored project {ProjectId} from PostgreSQL at {HeadSha} ({Links} bundles)", projectId, chain[^1].HeadSha, chain.Count);
        }
        finally
        {
            DeleteFolder(bundles);
            DeleteFolder(staging);
        }
    }
}
