using DevBot.Grains.Retention;
using DevBot.Tests.Infrastructure;
using DevBot.Workspace;
using DevBot.Workspace.Git;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DevBot.Tests.Workspace;

/// <summary>The stored history as a chain of bundles: incremental saves, compaction, races between silos, old rows.</summary>
public sealed class HistoryChainTests : IDisposable
{
    private readonly TempTree _tree = new();

    [Fact]
    public async Task Save_AfterEachCommit_StoresOnlyTheNewCommitsOnTopOfTheStoredHead()
    {
        var (connectionString, dataSource, projectId) = await ProjectAsync("chain");
        await using var _ = dataSource;
        var manager = Manager(dataSource, "silo");
        using var repo = await manager.OpenAsync(projectId);
        var shas = await CommitAsync(manager, repo, projectId, 1, 6, bigFirstFile: true);

        var rows = await Sql.RowsAsync(connectionString, """
            SELECT history_seq, prerequisite_commit_id, commit_id, size_bytes FROM project_files
            WHERE project_id = @p AND kind = 'repository_bundle' ORDER BY history_seq
            """, ("p", projectId));

        Assert.Equal(Enumerable.Range(0, 6), rows.Select(r => (int)r[0]!));
        Assert.Equal([null, .. shas[..^1]], rows.Select(r => r[1] as string));
        Assert.Equal(shas, rows.Select(r => (string)r[2]!));
        // The full bundle carries the 40 KB file; a link carries one small commit.
        Assert.All(rows.Skip(1), r => Assert.True((long)r[3]! * 10 < (long)rows[0][3]!, $"link of {r[3]} bytes beside a base of {rows[0][3]}"));
    }

    [Fact]
    public async Task Save_PastTheLinkLimit_CompactsIntoOneFullBundleAndRestoresIdentically()
    {
        var (connectionString, dataSource, projectId) = await ProjectAsync("compact");
        await using var _ = dataSource;
        var manager = Manager(dataSource, "silo", maxLinks: 3);
        string[] shas;
        using (var repo = await manager.OpenAsync(projectId))
        {
            shas = await CommitAsync(manager, repo, projectId, 1, 10, bigFirstFile: true);
        }

        var rows = await Sql.RowsAsync(connectionString, """
            SELECT history_seq, prerequisite_commit_id, commit_id FROM project_files
            WHERE project_id = @p AND kind = 'repository_bundle' ORDER BY history_seq
            """, ("p", projectId));
        Directory.Delete(manager.PathOf(projectId), recursive: true);
        using var restored = await manager.OpenAsync(projectId);

        // Commits 1–5 became one bundle at the 4th link after the base, then 5–9 likewise; commit 10 is a link.
        Assert.Equal([(0, null, shas[8]), (1, shas[8], shas[9])], rows.Select(r => ((int)r[0]!, r[1] as string, (string)r[2]!)));
        Assert.Equal(shas.Order(StringComparer.Ordinal), Shas(restored));
        Assert.Equal(shas[^1], restored.HeadSha);
        Assert.Empty(RepositoryIntegrity.Problems(restored.WorkingDirectory));
    }

    [Fact]
    public async Task Compact_WhileALinkWasAppendedAfterIt_KeepsThatLink()
    {
        var (_, dataSource, projectId) = await ProjectAsync("race");
        await using var __ = dataSource;
        var store = new PostgresRepositoryStore(dataSource);
        var manager = Manager(dataSource, "silo");
        byte[] fullAtTwo;
        string[] shas;
        using (var repo = await manager.OpenAsync(projectId))
        {
            shas = await CommitAsync(manager, repo, projectId, 1, 2, bigFirstFile: true);
            fullAtTwo = await FullBundleAsync(repo);
            shas = [.. shas, .. await CommitAsync(manager, repo, projectId, 3, 3, bigFirstFile: false)];
        }

        var compacted = await store.CompactAsync(projectId, new StoredRepository(fullAtTwo, shas[1]));
        var chain = await store.LoadAsync(projectId);
        Directory.Delete(manager.PathOf(projectId), recursive: true);
        using var restored = await manager.OpenAsync(projectId);

        Assert.True(compacted);
        Assert.Equal([(null, shas[1]), (shas[1], shas[2])], chain.Select(l => (l.PrerequisiteSha, l.HeadSha)));
        Assert.Equal(shas.Order(StringComparer.Ordinal), Shas(restored));
        Assert.Equal(shas[^1], restored.HeadSha);
    }

    [Fact]
    public async Task Save_FromASiloThatMissedAnotherSilosCommit_IsRefusedAndTheCopyIsRebuilt()
    {
        var (_, dataSource, projectId) = await ProjectAsync("stale");
        await using var _ = dataSource;
        var first = Manager(dataSource, "silo-a");
        var second = Manager(dataSource, "silo-b");
        using var before = await first.OpenAsync(projectId);
        await CommitAsync(first, before, projectId, 1, 1, bigFirstFile: false);
        // After a failover the other silo carries on from the stored head...
        string winner;
        using (var other = await second.OpenAsync(projectId))
        {
            winner = (await CommitAsync(second, other, projectId, 2, 2, bigFirstFile: false))[0];
        }

        // ...while the first, not knowing, commits on its old copy: that history must not fork the stored one.
        File.WriteAllText(Path.Combine(before.WorkingDirectory, "late.txt"), "late\n");
        var refused = await Assert.ThrowsAsync<StaleHistoryException>(() => first.CommitAsync(before, projectId, ["late.txt"], "TODO 9.9: late"));
        before.Dispose();
        using var reopened = await first.OpenAsync(projectId);

        Assert.Equal(winner, refused.StoredHead);
        Assert.Equal(winner, await new PostgresRepositoryStore(dataSource).HeadAsync(projectId));
        Assert.Equal(winner, reopened.HeadSha);
        Assert.False(File.Exists(Path.Combine(reopened.WorkingDirectory, "late.txt")));
    }

    [Fact]
    public async Task Append_OfALinkWhosePrerequisiteIsNotTheStoredHead_IsRefused()
    {
        var (_, dataSource, projectId) = await ProjectAsync("prereq");
        await using var _ = dataSource;
        var store = new PostgresRepositoryStore(dataSource);
        var manager = Manager(dataSource, "silo");
        string[] shas;
        using (var repo = await manager.OpenAsync(projectId))
        {
            shas = await CommitAsync(manager, repo, projectId, 1, 2, bigFirstFile: false);
        }

        var stored = (await store.LoadAsync(projectId)).Count;
        var onOldHead = await Assert.ThrowsAsync<StaleHistoryException>(() => store.AppendAsync(projectId, new StoredRepository([1, 2, 3], new string('a', 40), shas[0])));
        var asFirst = await Assert.ThrowsAsync<StaleHistoryException>(() => store.AppendAsync(projectId, new StoredRepository([1, 2, 3], new string('b', 40))));
        // Two writers appending on the same head at once: exactly one link lands.
        var racing = await Task.WhenAll(Enumerable.Range(0, 2).Select(async i =>
        {
            try
            {
                await store.AppendAsync(projectId, new StoredRepository([(byte)i], new string((char)('c' + i), 40), shas[1]));
                return true;
            }
            catch (StaleHistoryException)
            {
                return false;
            }
        }));

        Assert.Equal(shas[1], onOldHead.StoredHead);
        Assert.Equal(shas[1], asFirst.StoredHead);
        Assert.Single(racing, won => won);
        Assert.Equal(stored + 1, (await store.LoadAsync(projectId)).Count);
    }

    [Fact]
    public async Task OldFormatRow_OneFullBundleWithoutSequence_IsRestoredAndExtended()
    {
        var (connectionString, dataSource, projectId) = await ProjectAsync("oldrow");
        await using var _ = dataSource;
        string[] shas;
        using (var old = ProjectRepository.OpenOrInit(Path.Combine(_tree.Base, "old")))
        {
            for (var i = 1; i <= 3; i++)
            {
                File.WriteAllText(Path.Combine(old.WorkingDirectory, $"f{i}.txt"), $"{i}\n");
                old.Commit([$"f{i}.txt"], $"TODO 1.{i}", "DevBot", "devbot@example.com");
            }

            shas = [.. Shas(old)];
            var bundle = await FullBundleAsync(old);
            // Exactly what the previous version wrote (its columns only).
            await Sql.ExecuteAsync(connectionString, """
                INSERT INTO project_files (project_id, kind, name, content, sha256, size_bytes, commit_id)
                VALUES (@p, 'repository_bundle', 'history.bundle', @c, sha256(@c), @n, @h)
                """, ("p", projectId), ("c", bundle), ("n", (long)bundle.Length), ("h", old.HeadSha));
        }

        var manager = Manager(dataSource, "silo");
        string extended;
        using (var restored = await manager.OpenAsync(projectId))
        {
            Assert.Equal(shas, Shas(restored));
            extended = (await CommitAsync(manager, restored, projectId, 4, 4, bigFirstFile: false))[0];
        }

        Directory.Delete(manager.PathOf(projectId), recursive: true);
        using var again = await manager.OpenAsync(projectId);

        Assert.Equal(shas.Append(extended).Order(StringComparer.Ordinal), Shas(again));
        Assert.Equal(extended, again.HeadSha);
        Assert.Equal(2L, await Sql.ScalarAsync<long>(connectionString,
            "SELECT count(*) FROM project_files WHERE project_id = @p AND kind = 'repository_bundle'", ("p", projectId)));
    }

    [Fact]
    public async Task Restore_OfAChainWithAMissingLink_RefusesInsteadOfBuildingAnotherHistory()
    {
        var (connectionString, dataSource, projectId) = await ProjectAsync("gap");
        await using var _ = dataSource;
        var manager = Manager(dataSource, "silo");
        using (var repo = await manager.OpenAsync(projectId))
        {
            await CommitAsync(manager, repo, projectId, 1, 3, bigFirstFile: true);
        }

        await Sql.ExecuteAsync(connectionString, "DELETE FROM project_files WHERE project_id = @p AND history_seq = 1", ("p", projectId));
        Directory.Delete(manager.PathOf(projectId), recursive: true);

        var broken = await Assert.ThrowsAsync<InvalidDataException>(() => manager.OpenAsync(projectId));
        Assert.Contains("broken", broken.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetentionPurge_RemovesEveryLinkOfTheHistory()
    {
        var (connectionString, dataSource, projectId) = await ProjectAsync("purge");
        await using var _ = dataSource;
        var manager = Manager(dataSource, "silo");
        using (var repo = await manager.OpenAsync(projectId))
        {
            await CommitAsync(manager, repo, projectId, 1, 4, bigFirstFile: true);
        }

        var before = await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM project_files WHERE project_id = @p", ("p", projectId));
        await new RetentionStore(dataSource).DeleteContentAsync(projectId);

        Assert.Equal(4L, before);
        Assert.Equal(0L, await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM project_files WHERE project_id = @p", ("p", projectId)));
        Assert.Null(await new PostgresRepositoryStore(dataSource).HeadAsync(projectId));
    }

    public void Dispose() => _tree.Dispose();

    /// <summary>
    /// Every commit of the copy, sorted: commits made within one second have no stable time order, and with the head
    /// equal too (a sha names its parents) equal sets mean the same history.
    /// </summary>
    private static IEnumerable<string> Shas(ProjectRepository repo) =>
        repo.History(limit: 10_000).Select(c => c.Sha).Order(StringComparer.Ordinal).ToList();

    private WorkspaceManager Manager(NpgsqlDataSource dataSource, string silo, int maxLinks = 64) =>
        new(new PostgresRepositoryStore(dataSource), Options.Create(new WorkspaceOptions { Root = Path.Combine(_tree.Base, silo) }),
            NullLogger<WorkspaceManager>.Instance) { MaxHistoryLinks = maxLinks };

    /// <summary>Commits <paramref name="from"/>..<paramref name="to"/> through the manager (each saved); their shas in order.</summary>
    private static async Task<string[]> CommitAsync(WorkspaceManager manager, ProjectRepository repo, Guid projectId, int from, int to, bool bigFirstFile)
    {
        var shas = new List<string>();
        for (var i = from; i <= to; i++)
        {
            List<string> paths = [$"file{i}.txt"];
            File.WriteAllText(Path.Combine(repo.WorkingDirectory, $"file{i}.txt"), $"content {i}\n");
            if (i == 1 && bigFirstFile)
            {
                // Hex of random bytes: text git cannot squeeze much, so the full bundle clearly outweighs a link.
                File.WriteAllText(Path.Combine(repo.WorkingDirectory, "data.txt"), Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20_000)));
                paths.Add("data.txt");
            }

            shas.Add((await manager.CommitAsync(repo, projectId, paths, $"TODO 1.{i}: step {i}"))!.Sha);
        }

        return [.. shas];
    }

    private async Task<byte[]> FullBundleAsync(ProjectRepository repo)
    {
        var path = Path.Combine(_tree.Base, Guid.NewGuid().ToString("N") + ".bundle");
        await repo.CreateBundleAsync(path);
        return await File.ReadAllBytesAsync(path);
    }

    private static async Task<(string ConnectionString, NpgsqlDataSource DataSource, Guid ProjectId)> ProjectAsync(string purpose)
    {
        var connectionString = await TestPostgres.CreateMigratedDatabaseAsync(purpose);
        var projectId = Guid.NewGuid();
        var user = TestUsers.NewId();
        await Sql.ExecuteAsync(connectionString, "INSERT INTO users (user_id) VALUES (@u)", ("u", user));
        await Sql.ExecuteAsync(connectionString, "INSERT INTO projects (project_id, user_id, state) VALUES (@p, @u, 'implementing')", ("p", projectId), ("u", user));
        return (connectionString, NpgsqlDataSource.Create(connectionString), projectId);
    }
}
