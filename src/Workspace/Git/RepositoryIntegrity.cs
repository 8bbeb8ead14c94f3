using System.Text;

namespace DevBot.Workspace.Git;

/// <summary>
/// What a working copy made by DevBot looks like, and the check that it still does before the silo — outside any
/// sandbox, possibly as root — runs git on it. Repository-level settings are the way from a repository to the host:
/// <c>core.worktree</c> moves checkouts and cleans to another folder, hooks, <c>core.fsmonitor</c>, filter drivers and
/// <c>include</c>s run or read arbitrary things, <c>objects/info/alternates</c> and <c>commondir</c> borrow objects
/// from elsewhere, extra refs smuggle commits into bundles. DevBot writes exactly <see cref="CanonicalConfig"/> and
/// one branch; anything else means the copy was tampered with, and it is rebuilt from the stored history.
/// </summary>
public static class RepositoryIntegrity
{
    /// <summary>The whole of <c>.git/config</c> in every working copy DevBot makes.</summary>
    public const string CanonicalConfig = "[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = false\n\tlogallrefupdates = true\n";

    private const string Head = "ref: refs/heads/" + ProjectRepository.DefaultBranch;

    /// <summary>Entries of <c>.git</c> that DevBot's own operations never create.</summary>
    private static readonly string[] Forbidden =
    [
        "commondir", "gitdir", "worktrees", "modules", "info/attributes", "info/grafts", "objects/info/alternates",
        "objects/info/http-alternates", "config.worktree", "shallow",
    ];

    /// <summary>Writes DevBot's settings over whatever a fresh repository got, and removes sample hooks.</summary>
    public static void Seal(string workingDirectory)
    {
        var git = Path.Combine(workingDirectory, ".git");
        File.WriteAllText(Path.Combine(git, "config"), CanonicalConfig, new UTF8Encoding(false));
        var hooks = Path.Combine(git, "hooks");
        if (Directory.Exists(hooks))
        {
            Directory.Delete(hooks, recursive: true);
        }

        var description = Path.Combine(git, "description");
        if (File.Exists(description))
        {
            File.Delete(description);
        }
    }

    /// <summary>Why the working copy at <paramref name="workingDirectory"/> cannot be trusted (empty: it can).</summary>
    public static IReadOnlyList<string> Problems(string workingDirectory)
    {
        var problems = new List<string>();
        var root = new DirectoryInfo(workingDirectory);
        if (root.LinkTarget is not null)
        {
            return ["the working copy is a symbolic link"];
        }

        var git = new DirectoryInfo(Path.Combine(workingDirectory, ".git"));
        if (!git.Exists || git.LinkTarget is not null)
        {
            return [".git is not a folder of its own"];
        }

        var config = Path.Combine(git.FullName, "config");
        if (!File.Exists(config) || new FileInfo(config).LinkTarget is not null || File.ReadAllText(config) != CanonicalConfig)
        {
            problems.Add(".git/config is not DevBot's");
        }

        var head = Path.Combine(git.FullName, "HEAD");
        if (!File.Exists(head) || File.ReadAllText(head).Trim() != Head)
        {
            problems.Add($"HEAD is not {Head}");
        }

        var hooks = Path.Combine(git.FullName, "hooks");
        if (Directory.Exists(hooks) && Directory.EnumerateFileSystemEntries(hooks).Any())
        {
            problems.Add(".git/hooks is not empty");
        }

        problems.AddRange(Forbidden.Where(f => File.Exists(Path.Combine(git.FullName, f)) || Directory.Exists(Path.Combine(git.FullName, f)))
            .Select(f => $".git/{f} exists"));
        problems.AddRange(ForeignRefs(git.FullName).Select(r => $"unexpected ref {r}"));
        var link = new DirectoryInfo(git.FullName).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .FirstOrDefault(e => e.LinkTarget is not null);
        if (link is not null)
        {
            problems.Add($"{Path.GetRelativePath(workingDirectory, link.FullName)} is a symbolic link");
        }

        return problems;
    }

    /// <summary>Every ref but the project's branch, loose or packed.</summary>
    private static IEnumerable<string> ForeignRefs(string git)
    {
        var refs = Path.Combine(git, "refs");
        if (Directory.Exists(refs))
        {
            foreach (var file in Directory.EnumerateFiles(refs, "*", SearchOption.AllDirectories))
            {
                var name = "refs/" + Path.GetRelativePath(refs, file).Replace('\\', '/');
                if (name != "refs/heads/" + ProjectRepository.DefaultBranch)
                {
                    yield return name;
                }
            }
        }

        var packed = Path.Combine(git, "packed-refs");
        if (File.Exists(packed))
        {
            foreach (var line in File.ReadLines(packed))
            {
                if (line.Length == 0 || line[0] is '#' or '^')
                {
                    continue;
                }

                var name = line.Split(' ', 2).ElementAtOrDefault(1)?.Trim();
                if (name is not null && name != "refs/heads/" + ProjectRepository.DefaultBranch)
                {
                    yield return name;
                }
            }
        }
    }
}
