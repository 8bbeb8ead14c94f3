using System.IO.Compression;
using DevBot.Tests.Infrastructure;
using DevBot.Workspace;
using DevBot.Workspace.Git;
using DevBot.Workspace.Packaging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DevBot.Tests.Workspace;

/// <summary>
/// The silo runs git outside any sandbox (as root, in production containers) on repositories whose content a model
/// wrote. Whatever is planted in a working copy's git metadata — the way an earlier sandbox that could write .git
/// was abused — never makes the silo act on the host, run a command, or deliver anything but the project's branch.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RepositoryHardeningTests : IDisposable
{
    private readonly TempTree _tree = new();
    private readonly string _marker;

    public RepositoryHardeningTests()
    {
        _marker = Path.Combine(_tree.Base, "command-ran");
    }

    [Fact]
    public async Task PlantedWorktree_IsNotFollowed_TheCopyIsRebuiltAndHostFilesStayOutOfHistory()
    {
        var (manager, projectId, store) = await ProjectAsync("worktree");
        await using var _ = store;
        var host = Path.Combine(_tree.Base, "host");
        Directory.CreateDirectory(host);
        File.WriteAllText(Path.Combine(host, "host-secret.txt"), "host\n");
        var path = manager.PathOf(projectId);
        File.AppendAllText(Path.Combine(path, ".git", "config"), $"[core]\n\tworktree = {host}\n");

        // Today's way in: the step that follows opens the copy, cleans it, and commits an edit.
        using (var repository = await manager.OpenAsync(projectId))
        {
            Assert.Equal(path, repository.WorkingDirectory);
            repository.DiscardChanges();
            File.WriteAllText(Path.Combine(repository.WorkingDirectory, "b.py"), "b = 2\n");
            await manager.CommitAsync(repository, projectId, ["b.py", "host-secret.txt"], "TODO 1.2: b");
            Assert.Equal(["a.py", "b.py"], repository.TrackedFiles());
        }

        Assert.Equal(["host-secret.txt"], Directory.EnumerateFileSystemEntries(host).Select(Path.GetFileName));
        Assert.Equal(RepositoryIntegrity.CanonicalConfig, File.ReadAllText(Path.Combine(path, ".git", "config")));
    }

    [Fact]
    public void WorkingDirectory_IsPinned_EvenWhenConfigNamesAnother()
    {
        var repoPath = Path.Combine(_tree.Base, "pinned");
        using (var created = ProjectRepository.OpenOrInit(repoPath))
        {
            File.WriteAllText(Path.Combine(repoPath, "a.txt"), "a\n");
            created.Commit(["a.txt"], "one", "DevBot", "devbot@example.com");
        }

        File.AppendAllText(Path.Combine(repoPath, ".git", "config"), $"[core]\n\tworktree = {_tree.Outside}\n");
        using var repository = ProjectRepository.Open(repoPath);
        repository.DiscardChanges();

        Assert.Equal(repoPath, repository.WorkingDirectory);
        Assert.True(File.Exists(Path.Combine(_tree.Outside, "secret.txt")));
        Assert.Equal(["a.txt"], repository.ListFiles());
    }

    [Theory]
    [InlineData("fsmonitor")]
    [InlineData("filter")]
    [InlineData("hook")]
    [InlineData("include")]
    [InlineData("global")]
    public async Task PlantedCommands_NeverRun_InAnyGitOperationOfTheSilo(string plant)
    {
        var (manager, projectId, store) = await ProjectAsync("plant" + plant);
        await using var _ = store;
        var path = manager.PathOf(projectId);
        var command = $"touch {_marker}";
        var script = Path.Combine(_tree.Base, "evil.sh");
        File.WriteAllText(script, $"#!/bin/sh\n{command}\ncat\n");
        File.SetUnixFileMode(script, (UnixFileMode)0b111_101_101);
        var included = Path.Combine(_tree.Base, "included.config");
        File.WriteAllText(included, $"[core]\n\tfsmonitor = {script}\n\thooksPath = {_tree.Base}/hooks\n");
        File.WriteAllText(Path.Combine(path, ".gitattributes"), "* filter=evil diff=evil\n");
        switch (plant)
        {
            case "fsmonitor":
                File.AppendAllText(Path.Combine(path, ".git", "config"), $"[core]\n\tfsmonitor = {script}\n");
                break;
            case "filter":
                File.AppendAllText(Path.Combine(path, ".git", "config"), $"[filter \"evil\"]\n\tclean = {script}\n\tsmudge = {script}\n\trequired = true\n[diff \"evil\"]\n\ttextconv = {script}\n");
                break;
            case "hook":
                foreach (var hook in new[] { "pre-commit", "post-commit", "post-checkout", "pre-push", "reference-transaction" })
                {
                    Directory.CreateDirectory(Path.Combine(path, ".git", "hooks"));
                    File.Copy(script, Path.Combine(path, ".git", "hooks", hook));
                }

                break;
            case "include":
                File.AppendAllText(Path.Combine(path, ".git", "config"), $"[include]\n\tpath = {included}\n");
                break;
            case "global":
                // A user-level config of the silo's account: git commands of the silo must not read it either.
                Environment.SetEnvironmentVariable("GIT_CONFIG_GLOBAL", included);
                break;
        }

        try
        {
            // Open (integrity check), edit, commit, save (git bundle), restore on "another silo" (git clone), package.
            using (var repository = await manager.OpenAsync(projectId))
            {
                File.WriteAllText(Path.Combine(repository.WorkingDirectory, "b.py"), "b = 2\n");
                await manager.CommitAsync(repository, projectId, ["b.py", ".gitattributes"], "TODO 1.2: b");
                repository.DiscardChanges();
                await ProjectPackager.CreateAsync(repository, "plant");
                Assert.Contains("b = 2", repository.PatchSince(null), StringComparison.Ordinal);
            }

            await manager.DeleteLocalAsync(projectId);
            using (var restored = await manager.OpenAsync(projectId))
            {
                Assert.Contains("b.py", restored.TrackedFiles());
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable("GIT_CONFIG_GLOBAL", null);
        }

        Assert.False(File.Exists(_marker), $"a command planted as {plant} ran");
    }

    [Fact]
    public async Task ExtraBranchesAndTags_NeverReachTheStoredHistoryOrThePackage()
    {
        var (manager, projectId, store) = await ProjectAsync("branch");
        await using var _ = store;
        var path = manager.PathOf(projectId);
        // A commit holding a stolen secret, reachable only from refs DevBot never makes.
        using (var raw = new LibGit2Sharp.Repository(path))
        {
            var blob = raw.ObjectDatabase.CreateBlob(new MemoryStream("stolen-secret\n"u8.ToArray()));
            var tree = raw.ObjectDatabase.CreateTree(new LibGit2Sharp.TreeDefinition().Add("loot.txt", blob, LibGit2Sharp.Mode.NonExecutableFile));
            var signature = new LibGit2Sharp.Signature("x", "x@example.com", DateTimeOffset.UtcNow);
            var loot = raw.ObjectDatabase.CreateCommit(signature, signature, "loot", tree, [], prettifyMessage: false);
            raw.Refs.Add("refs/heads/leak", loot.Id);
            raw.Refs.Add("refs/tags/leak", loot.Id);
            raw.Refs.Add("refs/notes/leak", loot.Id);
        }

        using var repository = ProjectRepository.Open(path);
        var package = await ProjectPackager.CreateAsync(repository, "branch");
        await manager.SaveAsync(repository, projectId);

        var heads = await HeadsOfBundleAsync(package.Content);
        Assert.Equal(["HEAD", "refs/heads/main"], heads.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("stolen-secret", await UnpackedTextAsync(package.Content), StringComparison.Ordinal);
        foreach (var stored in await new PostgresRepositoryStore(store).LoadAsync(projectId))
        {
            var bundle = Path.Combine(_tree.Base, "stored.bundle");
            await File.WriteAllBytesAsync(bundle, stored.Bundle);
            var (_, list) = await GitCli.RunAsync(_tree.Base, ["bundle", "list-heads", bundle]);
            Assert.DoesNotContain("leak", list, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task CopyOwnedByAnotherUser_IsRebuiltBeforeUse()
    {
        if ((await RunAsync("id", "-u")).Output.Trim() != "0")
        {
            return; // Only root can hand files to another uid, and only a root silo's sandbox ever did (CI runs as root).
        }

        var (manager, projectId, store) = await ProjectAsync("owner");
        await using var _ = store;
        var path = manager.PathOf(projectId);
        // What a silo of the previous version left when it died during a sandboxed run: the copy handed to the sandbox's uid.
        var (code, output) = await RunAsync("chown", "-R", "200999:200999", path);
        Assert.True(code == 0, output);

        using var repository = await manager.OpenAsync(projectId);
        repository.DiscardChanges();

        Assert.Equal(["a.py"], repository.TrackedFiles());
        Assert.Equal("0", (await RunAsync("stat", "-c", "%u", Path.Combine(path, ".git"))).Output.Trim());
    }

    public static TheoryData<string> Tamperings => new()
    {
        "config", "head", "hooks", "alternates", "commondir", "attributes", "branch", "packed-branch", "symlink", "gitfile",
    };

    [Theory]
    [MemberData(nameof(Tamperings))]
    public void Integrity_FindsEachTampering(string tampering)
    {
        var path = Path.Combine(_tree.Base, "integrity");
        using (var repository = ProjectRepository.OpenOrInit(path))
        {
            File.WriteAllText(Path.Combine(path, "a.txt"), "a\n");
            repository.Commit(["a.txt"], "one", "DevBot", "devbot@example.com");
        }

        Assert.Empty(RepositoryIntegrity.Problems(path));
        var git = Path.Combine(path, ".git");
        var head = File.ReadAllText(Path.Combine(git, "refs", "heads", "main")).Trim();
        switch (tampering)
        {
            case "config": File.AppendAllText(Path.Combine(git, "config"), "[core]\n\tsshCommand = evil\n"); break;
            case "head": File.WriteAllText(Path.Combine(git, "HEAD"), "ref: refs/heads/other\n"); break;
            case "hooks": Directory.CreateDirectory(Path.Combine(git, "hooks")); File.WriteAllText(Path.Combine(git, "hooks", "pre-commit"), "#!/bin/sh\n"); break;
            case "alternates": File.WriteAllText(Path.Combine(git, "objects", "info", "alternates"), "/elsewhere/objects\n"); break;
            case "commondir": File.WriteAllText(Path.Combine(git, "commondir"), "/elsewhere\n"); break;
            case "attributes": Directory.CreateDirectory(Path.Combine(git, "info")); File.WriteAllText(Path.Combine(git, "info", "attributes"), "* filter=x\n"); break;
            case "branch": File.WriteAllText(Path.Combine(git, "refs", "heads", "leak"), head + "\n"); break;
            case "packed-branch": File.WriteAllText(Path.Combine(git, "packed-refs"), $"# pack-refs with: peeled fully-peeled sorted\n{head} refs/remotes/x/leak\n"); break;
            case "symlink": File.CreateSymbolicLink(Path.Combine(git, "description"), "/etc/passwd"); break;
            case "gitfile":
                Directory.Move(git, Path.Combine(_tree.Base, "moved-git"));
                File.WriteAllText(git, $"gitdir: {Path.Combine(_tree.Base, "moved-git")}\n");
                break;
        }

        Assert.NotEmpty(RepositoryIntegrity.Problems(path));
    }

    public void Dispose() => _tree.Dispose();

    /// <summary>A stored project with one commit (a.py) and its manager; the data source is the caller's to dispose.</summary>
    private async Task<(WorkspaceManager Manager, Guid ProjectId, NpgsqlDataSource Store)> ProjectAsync(string purpose)
    {
        var connectionString = await TestPostgres.CreateMigratedDatabaseAsync(purpose);
        var projectId = Guid.NewGuid();
        var user = TestUsers.NewId();
        await Sql.ExecuteAsync(connectionString, "INSERT INTO users (user_id) VALUES (@u)", ("u", user));
        await Sql.ExecuteAsync(connectionString, "INSERT INTO projects (project_id, user_id, state) VALUES (@p, @u, 'implementing')", ("p", projectId), ("u", user));
        var dataSource = NpgsqlDataSource.Create(connectionString);
        var manager = new WorkspaceManager(new PostgresRepositoryStore(dataSource),
            Options.Create(new WorkspaceOptions { Root = Path.Combine(_tree.Base, "workspaces") }), NullLogger<WorkspaceManager>.Instance);
        using var repository = await manager.OpenAsync(projectId);
        File.WriteAllText(Path.Combine(repository.WorkingDirectory, "a.py"), "a = 1\n");
        await manager.CommitAsync(repository, projectId, ["a.py"], "TODO 1.1: a");
        return (manager, projectId, dataSource);
    }

    private async Task<List<string>> HeadsOfBundleAsync(byte[] zip)
    {
        var bundle = Path.Combine(_tree.Base, "package.bundle");
        using (var archive = new ZipArchive(new MemoryStream(zip)))
        {
            archive.Entries.Single(e => e.FullName.EndsWith(".bundle", StringComparison.Ordinal)).ExtractToFile(bundle, overwrite: true);
        }

        var (code, output) = await GitCli.RunAsync(_tree.Base, ["bundle", "list-heads", bundle]);
        Assert.True(code == 0, output);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[1]).ToList();
    }

    private async Task<string> UnpackedTextAsync(byte[] zip)
    {
        var folder = Path.Combine(_tree.Base, "unpacked-" + Guid.NewGuid().ToString("N")[..6]);
        using (var archive = new ZipArchive(new MemoryStream(zip)))
        {
            archive.ExtractToDirectory(folder);
        }

        var bundle = Directory.EnumerateFiles(folder, "*.bundle").Single();
        await GitCli.RunCheckedAsync(folder, ["clone", "--quiet", "--mirror", bundle, "mirror"]);
        var (_, objects) = await GitCli.RunAsync(Path.Combine(folder, "mirror"), ["cat-file", "--batch-all-objects", "--batch"]);
        return string.Join('\n', Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(f => !f.Contains("/mirror/", StringComparison.Ordinal))
            .Select(File.ReadAllText)) + objects;
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, params string[] arguments)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }
}
