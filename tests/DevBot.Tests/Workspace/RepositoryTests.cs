using System.Diagnostics;
using DevBot.Tests.Infrastructure;
using DevBot.Workspace;
using DevBot.Workspace.Git;
using DevBot.Workspace.Packaging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DevBot.Tests.Workspace;

public sealed class RepositoryTests : IDisposable
{
    private readonly TempTree _tree = new();

    [Fact]
    public void Commits_DiffsAndFileListing_FollowGit()
    {
        using var repo = ProjectRepository.OpenOrInit(_tree.Repo);
        _tree.Write(".gitignore", "build/\n*.log\n");
        _tree.Write("src/app.py", "print('v1')\n");
        var first = repo.Commit([".gitignore", "src/app.py"], "TODO 1.1: Create app", "DevBot", "devbot@example.com")!;
        _tree.Write("src/app.py", "print('v2')\n");
        _tree.Write("src/util.py", "X = 1\n");
        _tree.Write("build/out.bin", "artifact");
        _tree.Write("debug.log", "noise");
        var second = repo.Commit(["src/app.py", "src/util.py", "build/out.bin", "debug.log"], "TODO 1.2: Add util", "DevBot", "devbot@example.com")!;
        var nothing = repo.Commit(["src/app.py"], "TODO 1.3: nothing", "DevBot", "devbot@example.com");

        Assert.Null(nothing);
        Assert.Equal("TODO 1.2: Add util", second.Message);
        Assert.Equal([("src/app.py", "Modified"), ("src/util.py", "Added")], repo.ChangesSince(first.Sha).Select(c => (c.Path, c.Kind)));
        Assert.Equal([".gitignore", "src/app.py", "src/util.py"], repo.ListFiles());
        Assert.Equal([".gitignore", "src/app.py", "src/util.py"], repo.TrackedFiles());
        Assert.Contains("+print('v2')", repo.PatchSince(first.Sha), StringComparison.Ordinal);
        Assert.Equal(["TODO 1.2: Add util", "TODO 1.1: Create app"], repo.History().Select(c => c.Message));
    }

    [Fact]
    public void ChangedSince_NamesTheFilesCommittedSinceATreeWasExported_AndOnlyThose()
    {
        using var repo = ProjectRepository.OpenOrInit(_tree.Repo);
        _tree.Write("a.py", "A = 1\n");
        _tree.Write("b.py", "B = 1\n");
        repo.Commit(["a.py", "b.py"], "TODO 1.1: start", "DevBot", "devbot@example.com");
        var exported = repo.ExportTo(Path.Combine(_tree.Base, "item-0"));
        Assert.Equal(repo.HeadSha, exported);
        Assert.Equal("A = 1\n", File.ReadAllText(Path.Combine(_tree.Base, "item-0", "a.py")));
        Assert.Empty(repo.ChangedSince(exported, ["a.py", "b.py", "c.py"]));

        // Other work commits a change to a.py and adds c.py after the tree was made.
        _tree.Write("a.py", "A = 2\n");
        _tree.Write("c.py", "C = 1\n");
        repo.Commit(["a.py", "c.py"], "TODO 1.2: other work", "DevBot", "devbot@example.com");

        Assert.Equal(["a.py", "c.py"], repo.ChangedSince(exported, ["a.py", "b.py", "c.py", "d.py"]));
        Assert.Empty(repo.ChangedSince(repo.HeadSha, ["a.py", "c.py"]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(60)]
    public async Task Repository_LostFromDisk_IsRestoredFromPostgresWithIdenticalHistory(int commits)
    {
        var connectionString = await TestPostgres.CreateMigratedDatabaseAsync("repo");
        var projectId = await CreateProjectRowAsync(connectionString);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var manager = Manager(dataSource);
        string[] shas;
        string head;
        using (var repo = await manager.OpenAsync(projectId))
        {
            for (var i = 1; i <= commits; i++)
            {
                // One file grows, one is added: links that build on earlier blobs, as an implementer's commits do.
                File.AppendAllText(Path.Combine(repo.WorkingDirectory, "log.txt"), $"line {i}\n");
                File.WriteAllText(Path.Combine(repo.WorkingDirectory, $"file{i}.txt"), $"content {i}\n");
                await manager.CommitAsync(repo, projectId, [$"file{i}.txt", "log.txt"], $"TODO 1.{i}: step {i}");
            }

            // Sorted: commits within one second have no stable time order; with equal heads, equal sets are one history.
            shas = repo.History(limit: 1000).Select(c => c.Sha).Order(StringComparer.Ordinal).ToArray();
            head = repo.HeadSha!;
        }

        var links = await Sql.ScalarAsync<long>(connectionString,
            "SELECT count(*) FROM project_files WHERE project_id = @p AND kind = 'repository_bundle'", ("p", projectId));
        Directory.Delete(manager.PathOf(projectId), recursive: true);

        using var restored = await manager.OpenAsync(projectId);
        Assert.Equal(commits, shas.Length);
        Assert.Equal(head, restored.HeadSha);
        Assert.Equal(shas, restored.History(limit: 1000).Select(c => c.Sha).Order(StringComparer.Ordinal));
        Assert.Empty(RepositoryIntegrity.Problems(restored.WorkingDirectory));
        Assert.Equal($"content {commits}\n", File.ReadAllText(Path.Combine(restored.WorkingDirectory, $"file{commits}.txt")));
        Assert.InRange(links, 1, Math.Min(commits, manager.MaxHistoryLinks + 1));
        File.WriteAllText(Path.Combine(restored.WorkingDirectory, "after.txt"), "more\n");
        Assert.NotNull(await manager.CommitAsync(restored, projectId, ["after.txt"], "TODO 2.1: after restore"));
        Assert.Equal(restored.HeadSha, await new PostgresRepositoryStore(dataSource).HeadAsync(projectId));
    }

    [Fact]
    public async Task StaleLocalCopy_IsReplacedByTheStoredHead()
    {
        var connectionString = await TestPostgres.CreateMigratedDatabaseAsync("stale");
        var projectId = await CreateProjectRowAsync(connectionString);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var manager = Manager(dataSource);
        using (var repo = await manager.OpenAsync(projectId))
        {
            File.WriteAllText(Path.Combine(repo.WorkingDirectory, "a.txt"), "a\n");
            await manager.CommitAsync(repo, projectId, ["a.txt"], "TODO 1.1: a");
            // A commit made here but never saved (as if this silo died before the save) must not win.
            File.WriteAllText(Path.Combine(repo.WorkingDirectory, "b.txt"), "b\n");
            repo.Commit(["b.txt"], "unsaved", "x", "x@example.com");
        }

        using var reopened = await manager.OpenAsync(projectId);

        Assert.Equal(["TODO 1.1: a"], reopened.History().Select(c => c.Message));
        Assert.False(File.Exists(Path.Combine(reopened.WorkingDirectory, "b.txt")));
    }

    [Fact]
    public async Task Package_IsAValidZipWithAVerifiableBundleAndNoEscapingEntries()
    {
        using var repo = ProjectRepository.OpenOrInit(_tree.Repo);
        _tree.Write("README.md", "# Demo\n");
        _tree.Write("src/main.py", "print('hi')\n");
        repo.Commit(["README.md", "src/main.py"], "TODO 1.1: demo", "DevBot", "devbot@example.com");
        _tree.Write("uncommitted.txt", "not delivered\n");

        var package = await ProjectPackager.CreateAsync(repo, "Notes API!");
        var zipPath = Path.Combine(_tree.Base, package.FileName);
        await File.WriteAllBytesAsync(zipPath, package.Content);

        Assert.Equal("notes-api.zip", package.FileName);
        Assert.True(package.HistoryIncluded);
        var (testCode, testOutput) = await RunAsync("unzip", "-t", zipPath);
        Assert.True(testCode == 0, testOutput);
        var extract = Path.Combine(_tree.Base, "extract");
        await RunAsync("unzip", "-q", zipPath, "-d", extract);
        var (verifyCode, verifyOutput) = await RunAsync("git", "-C", _tree.Repo, "bundle", "verify", Path.Combine(extract, "notes-api.bundle"));
        Assert.True(verifyCode == 0, verifyOutput);
        var entries = System.IO.Compression.ZipFile.OpenRead(zipPath).Entries.Select(e => e.FullName).ToList();
        Assert.Equal(["MANIFEST.txt", "notes-api.bundle", "notes-api/README.md", "notes-api/src/main.py"], entries.Order(StringComparer.Ordinal));
        Assert.All(entries, e => Assert.DoesNotContain("..", e, StringComparison.Ordinal));
        Assert.Contains(package.CommitSha, File.ReadAllText(Path.Combine(extract, "MANIFEST.txt")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Con", "con-project.zip")]
    [InlineData("NUL", "nul-project.zip")]
    [InlineData("com1", "com1-project.zip")]
    [InlineData("Console", "console.zip")]
    public async Task Package_NamedLikeAWindowsDevice_GetsAPortableName(string title, string expected)
    {
        using var repo = ProjectRepository.OpenOrInit(_tree.Repo);
        _tree.Write("a.txt", "a\n");
        repo.Commit(["a.txt"], "one", "DevBot", "devbot@example.com");

        var package = await ProjectPackager.CreateAsync(repo, title);

        Assert.Equal(expected, package.FileName);
    }

    [Fact]
    public async Task Package_OverTheLimit_DropsHistoryThenRefusesClearly()
    {
        using var repo = ProjectRepository.OpenOrInit(_tree.Repo);
        var random = new byte[300_000];
        Random.Shared.NextBytes(random);
        File.WriteAllBytes(Path.Combine(_tree.Repo, "noise.bin"), random);
        _tree.Write("a.txt", "a\n");
        repo.Commit(["noise.bin", "a.txt"], "one", "DevBot", "devbot@example.com");
        File.WriteAllBytes(Path.Combine(_tree.Repo, "noise.bin"), random.Reverse().ToArray());
        repo.Commit(["noise.bin"], "two", "DevBot", "devbot@example.com");

        var trimmed = await ProjectPackager.CreateAsync(repo, "big", maxBytes: 500_000);
        var refused = await Assert.ThrowsAsync<PackageTooLargeException>(() => ProjectPackager.CreateAsync(repo, "big", maxBytes: 100_000));

        Assert.False(trimmed.HistoryIncluded);
        Assert.Contains("history", trimmed.Note, StringComparison.Ordinal);
        Assert.Contains("noise.bin", refused.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _tree.Dispose();

    private WorkspaceManager Manager(NpgsqlDataSource dataSource) =>
        new(new PostgresRepositoryStore(dataSource), Options.Create(new WorkspaceOptions { Root = Path.Combine(_tree.Base, "workspaces") }),
            NullLogger<WorkspaceManager>.Instance);

    private static async Task<Guid> CreateProjectRowAsync(string connectionString)
    {
        var projectId = Guid.NewGuid();
        var user = TestUsers.NewId();
        await Sql.ExecuteAsync(connectionString, "INSERT INTO users (user_id) VALUES (@u)", ("u", user));
        await Sql.ExecuteAsync(connectionString, "INSERT INTO projects (project_id, user_id, state) VALUES (@p, @u, 'implementing')", ("p", projectId), ("u", user));
        return projectId;
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }
}
