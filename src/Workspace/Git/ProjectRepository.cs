using LibGit2Sharp;

namespace DevBot.Workspace.Git;

/// <summary>
/// One project's git repository (LibGit2Sharp): commits of the paths an edit changed with a clear author and message,
/// diffs between commits, the file list as git sees it (.gitignore honoured), and bundles of the project's branch.
/// The working folder is pinned to the repository's own folder whatever its config says (core.worktree), and no
/// user- or system-level git configuration applies.
/// </summary>
public sealed class ProjectRepository : IDisposable
{
    public const string DefaultBranch = "main";
    private readonly Repository _repository;

    static ProjectRepository()
    {
        // Global, XDG and system config (a root's ~/.gitconfig with filters or hooks, say) never apply to projects:
        // libgit2 looks for them in a folder of its own that stays empty.
        var empty = Directory.CreateTempSubdirectory("devbot-git-noconfig-").FullName;
        foreach (var level in new[] { ConfigurationLevel.Global, ConfigurationLevel.Xdg, ConfigurationLevel.System, ConfigurationLevel.ProgramData })
        {
            GlobalSettings.SetConfigSearchPaths(level, empty);
        }
    }

    private ProjectRepository(string path, Repository repository)
    {
        WorkingDirectory = path;
        _repository = repository;
    }

    public string WorkingDirectory { get; }

    public string? HeadSha => _repository.Head.Tip?.Sha;

    public static ProjectRepository Open(string path)
    {
        var full = Path.GetFullPath(path);
        return new ProjectRepository(full, new Repository(Path.Combine(full, ".git"), new RepositoryOptions { WorkingDirectoryPath = full }));
    }

    /// <summary>Creates the repository (branch main, DevBot's own config) if the folder holds none, then opens it.</summary>
    public static ProjectRepository OpenOrInit(string path)
    {
        Directory.CreateDirectory(path);
        if (!Repository.IsValid(path))
        {
            Repository.Init(path);
            using (var fresh = new Repository(path))
            {
                fresh.Refs.UpdateTarget("HEAD", "refs/heads/" + DefaultBranch);
            }

            RepositoryIntegrity.Seal(path);
        }

        return Open(path);
    }

    /// <summary>
    /// Stages exactly <paramref name="paths"/> (additions, edits, deletions) and commits them; null when nothing
    /// changed. Whatever else is in the working tree stays out of the history.
    /// </summary>
    public GitCommitInfo? Commit(IEnumerable<string> paths, string message, string authorName, string authorEmail)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        var list = paths.Distinct(StringComparer.Ordinal).ToList();
        if (list.Count > 0)
        {
            Commands.Stage(_repository, list);
        }

        var tip = _repository.Head.Tip;
        var isFirst = tip is null;
        if (tip is not null && !_repository.Diff.Compare<TreeChanges>(tip.Tree, DiffTargets.Index).Any())
        {
            return null;
        }

        var signature = new Signature(authorName, authorEmail, DateTimeOffset.UtcNow);
        var commit = _repository.Commit(message, signature, signature, new CommitOptions { AllowEmptyCommit = isFirst });
        return new GitCommitInfo(commit.Sha, commit.MessageShort, commit.Author.Name, commit.Author.When);
    }

    public IReadOnlyList<GitCommitInfo> History(int limit = 100) =>
        _repository.Head.Tip is null
            ? []
            : _repository.Commits.Take(limit).Select(c => new GitCommitInfo(c.Sha, c.MessageShort, c.Author.Name, c.Author.When)).ToList();

    /// <summary>Files changed from <paramref name="sinceSha"/> (null: the empty tree) to HEAD.</summary>
    public IReadOnlyList<FileChange> ChangesSince(string? sinceSha)
    {
        var head = _repository.Head.Tip;
        if (head is null)
        {
            return [];
        }

        var from = sinceSha is null ? null : _repository.Lookup<Commit>(sinceSha)?.Tree
                   ?? throw new ArgumentException($"Commit {sinceSha} is not in this repository.");
        var changes = _repository.Diff.Compare<TreeChanges>(from, head.Tree);
        return changes.Select(c => new FileChange(c.Path, c.Status.ToString(), c.Status == ChangeKind.Renamed ? c.OldPath : null))
            .OrderBy(c => c.Path, StringComparer.Ordinal).ToList();
    }

    /// <summary>The unified diff of <paramref name="sinceSha"/>..HEAD, for reviews.</summary>
    public string PatchSince(string? sinceSha)
    {
        var head = _repository.Head.Tip;
        if (head is null)
        {
            return string.Empty;
        }

        var from = sinceSha is null ? null : _repository.Lookup<Commit>(sinceSha)?.Tree;
        return _repository.Diff.Compare<Patch>(from, head.Tree).Content;
    }

    /// <summary>Puts the working tree back to HEAD: changes undone, untracked files removed (after failed edits or test runs).</summary>
    public void DiscardChanges()
    {
        if (_repository.Head.Tip is not null)
        {
            _repository.Reset(ResetMode.Hard);
        }

        _repository.RemoveUntrackedFiles();
    }

    /// <summary>The text of a committed file at HEAD, or null (missing or not UTF-8 text).</summary>
    public string? ReadCommittedText(string path)
    {
        var bytes = ReadCommitted(path);
        return bytes is null || bytes.AsSpan().IndexOf((byte)0) >= 0 ? null : System.Text.Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Files in the working tree that git does not ignore, as '/'-separated relative paths.</summary>
    public IReadOnlyList<string> ListFiles()
    {
        var files = new List<string>();
        foreach (var file in Directory.EnumerateFiles(WorkingDirectory, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var relative = Path.GetRelativePath(WorkingDirectory, file).Replace('\\', '/');
            if (relative.StartsWith(".git/", StringComparison.Ordinal) || relative.Contains("/.git/", StringComparison.Ordinal))
            {
                continue;
            }

            if (!_repository.Ignore.IsPathIgnored(relative))
            {
                files.Add(relative);
            }
        }

        files.Sort(StringComparer.Ordinal);
        return files;
    }

    /// <summary>Paths committed at HEAD.</summary>
    public IReadOnlyList<string> TrackedFiles()
    {
        var head = _repository.Head.Tip;
        if (head is null)
        {
            return [];
        }

        var paths = new List<string>();
        void Walk(Tree tree, string prefix)
        {
            foreach (var entry in tree)
            {
                var path = prefix + entry.Name;
                if (entry.TargetType == TreeEntryTargetType.Tree)
                {
                    Walk((Tree)entry.Target, path + "/");
                }
                else if (entry.TargetType == TreeEntryTargetType.Blob)
                {
                    paths.Add(path);
                }
            }
        }

        Walk(head.Tree, string.Empty);
        paths.Sort(StringComparer.Ordinal);
        return paths;
    }

    /// <summary>
    /// Writes the files committed at HEAD into <paramref name="folder"/> (which must be empty or missing): a plain tree
    /// with no <c>.git</c> — nothing in it leads back to this repository — for work that runs beside the working copy.
    /// Links and submodules are left out; executable files stay executable. Returns the commit exported (null: none yet).
    /// </summary>
    public string? ExportTo(string folder)
    {
        var root = Path.GetFullPath(folder);
        Directory.CreateDirectory(root);
        if (Directory.EnumerateFileSystemEntries(root).Any())
        {
            throw new IOException($"{root} is not empty.");
        }

        var head = _repository.Head.Tip;
        if (head is null)
        {
            return null;
        }

        void Walk(Tree tree, string prefix)
        {
            foreach (var entry in tree)
            {
                var relative = prefix + entry.Name;
                if (entry.TargetType == TreeEntryTargetType.Tree)
                {
                    Walk((Tree)entry.Target, relative + "/");
                    continue;
                }

                if (entry.TargetType != TreeEntryTargetType.Blob || entry.Mode == Mode.SymbolicLink)
                {
                    continue;
                }

                var path = Path.GetFullPath(Path.Combine(root, relative));
                if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    continue;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllBytes(path, ReadAll((Blob)entry.Target));
                if (entry.Mode == Mode.ExecutableFile && !OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
                }
            }
        }

        Walk(head.Tree, string.Empty);
        return head.Sha;
    }

    /// <summary>
    /// Which of <paramref name="paths"/> differ between commit <paramref name="sinceSha"/> (null: the empty tree) and
    /// HEAD: what other work committed to them since a tree was exported from that commit.
    /// </summary>
    public IReadOnlyList<string> ChangedSince(string? sinceSha, IEnumerable<string> paths)
    {
        var head = _repository.Head.Tip;
        var since = sinceSha is null ? null : _repository.Lookup<Commit>(sinceSha) ?? throw new ArgumentException($"Commit {sinceSha} is not in this repository.");
        if (head is null || head.Sha == sinceSha)
        {
            return [];
        }

        return paths.Where(p => (since?[p]?.Target?.Sha) != (head[p]?.Target?.Sha)).ToList();
    }

    /// <summary>The content of a file as committed at HEAD, or null.</summary>
    public byte[]? ReadCommitted(string path)
    {
        var entry = _repository.Head.Tip?[path];
        return entry?.Target is Blob blob ? ReadAll(blob) : null;
    }

    /// <summary>
    /// A bundle of the project's branch (and HEAD, so that a plain <c>git clone</c> checks it out), written to
    /// <paramref name="bundlePath"/>. Other refs, wherever they came from, are never part of it.
    /// </summary>
    public async Task CreateBundleAsync(string bundlePath, CancellationToken cancellationToken = default) =>
        await GitCli.RunCheckedAsync(WorkingDirectory, ["bundle", "create", Path.GetFullPath(bundlePath), "HEAD", "refs/heads/" + DefaultBranch], cancellationToken);

    public void Dispose() => _repository.Dispose();

    private static byte[] ReadAll(Blob blob)
    {
        using var stream = blob.GetContentStream();
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
