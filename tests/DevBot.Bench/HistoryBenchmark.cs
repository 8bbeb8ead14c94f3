using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DevBot.Data.Embedded;
using DevBot.Data.Migrations;
using DevBot.Workspace;
using DevBot.Workspace.Git;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DevBot.Bench;

/// <summary>
/// The cost of saving a project's history after each commit, as it grows: implementer-like commits (a function
/// appended to a module, now and then a new module, a TODO box ticked) saved the current way (a link of the new
/// commits, compacted now and then) and, in the same run on the same repository, the old way (the whole history as
/// one bundle, upserted into its row), both into embedded PostgreSQL with durable commits. At each checkpoint the
/// copy is restored on a second "silo" from the chain and checked to be at the same head.
/// </summary>
public static class HistoryBenchmark
{
    public static async Task<int> RunAsync(int[] checkpoints)
    {
        var work = Path.Combine(Path.GetTempPath(), "devbot-history-bench-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await using var postgres = await EmbeddedPostgres.StartAsync(EmbeddedPostgresSettings.CreateThrowaway(relaxedDurability: false));
            await DatabaseMigrator.MigrateAsync(postgres.ConnectionString, NullLogger.Instance);
            await using var dataSource = NpgsqlDataSource.Create(postgres.ConnectionString);
            var projectId = await ProjectRowAsync(dataSource, 1);
            var oldProjectId = await ProjectRowAsync(dataSource, 2);
            var store = new CountingStore(new PostgresRepositoryStore(dataSource));
            var manager = new WorkspaceManager(store, Options.Create(new WorkspaceOptions { Root = Path.Combine(work, "silo-a") }), NullLogger<WorkspaceManager>.Instance);
            var other = new WorkspaceManager(new PostgresRepositoryStore(dataSource), Options.Create(new WorkspaceOptions { Root = Path.Combine(work, "silo-b") }),
                NullLogger<WorkspaceManager>.Instance);
            using var repository = await manager.OpenAsync(projectId);
            var random = new Random(7);
            var samples = new List<(double NewMs, long NewBytes, double OldMs, long OldBytes)>();
            for (var commit = 1; commit <= checkpoints.Max(); commit++)
            {
                var paths = WriteImplementerChange(repository.WorkingDirectory, commit, random);
                repository.Commit(paths, $"TODO {commit / 10 + 1}.{commit % 10}: step {commit}", "bench", "bench@example.com");

                var before = store.BytesWritten;
                var stopwatch = Stopwatch.StartNew();
                await manager.SaveAsync(repository, projectId);
                var newMs = stopwatch.Elapsed.TotalMilliseconds;
                var newBytes = store.BytesWritten - before;

                stopwatch.Restart();
                var oldBytes = await SaveTheOldWayAsync(dataSource, repository, oldProjectId, work);
                samples.Add((newMs, newBytes, stopwatch.Elapsed.TotalMilliseconds, oldBytes));

                if (checkpoints.Contains(commit))
                {
                    // The last half of the commits so far: long enough to hold the compactions that commits cause.
                    var window = samples.Skip(commit / 2).ToList();
                    var links = (await new PostgresRepositoryStore(dataSource).LoadAsync(projectId)).Count;
                    await other.DeleteLocalAsync(projectId);
                    stopwatch.Restart();
                    using (var restored = await other.OpenAsync(projectId))
                    {
                        if (restored.HeadSha != repository.HeadSha)
                        {
                            throw new InvalidOperationException($"Restored to {restored.HeadSha}, expected {repository.HeadSha}.");
                        }
                    }

                    var restoreMs = stopwatch.Elapsed.TotalMilliseconds;
                    var newSave = window.Average(s => s.NewMs);
                    var oldSave = window.Average(s => s.OldMs);
                    var newPerCommit = window.Average(s => s.NewBytes);
                    var oldPerCommit = window.Average(s => s.OldBytes);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"RESULT history commits={commit} window={window.Count} new_save_ms={newSave:F1} old_save_ms={oldSave:F1} save_ratio={oldSave / newSave:F1} " +
                        $"new_bytes_per_commit={newPerCommit:F0} old_bytes_per_commit={oldPerCommit:F0} bytes_ratio={oldPerCommit / newPerCommit:F1} " +
                        $"new_bytes_total={samples.Sum(s => s.NewBytes)} old_bytes_total={samples.Sum(s => s.OldBytes)} " +
                        $"new_save_p99_ms={Percentile(window.Select(s => s.NewMs), 0.99):F1} links={links} restore_ms={restoreMs:F0}"));
                }
            }

            return 0;
        }
        finally
        {
            if (Directory.Exists(work))
            {
                foreach (var file in Directory.EnumerateFiles(work, "*", SearchOption.AllDirectories))
                {
                    File.SetAttributes(file, FileAttributes.Normal);
                }

                Directory.Delete(work, recursive: true);
            }
        }
    }

    /// <summary>What each commit cost before chains: the whole history bundled and upserted into one row.</summary>
    private static async Task<long> SaveTheOldWayAsync(NpgsqlDataSource dataSource, ProjectRepository repository, Guid projectId, string work)
    {
        var bundlePath = Path.Combine(work, "old.bundle");
        await repository.CreateBundleAsync(bundlePath);
        var bundle = await File.ReadAllBytesAsync(bundlePath);
        File.Delete(bundlePath);
        await using var command = dataSource.CreateCommand("""
            INSERT INTO project_files (project_id, kind, name, content, sha256, size_bytes, commit_id)
            VALUES ($1, 'repository_bundle', 'history.bundle', $2, $3, $4, $5)
            ON CONFLICT (project_id, kind, name) DO UPDATE
            SET content = excluded.content, sha256 = excluded.sha256, size_bytes = excluded.size_bytes,
                commit_id = excluded.commit_id, updated_at = now()
            """);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = projectId });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = bundle });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = SHA256.HashData(bundle) });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = bundle.LongLength });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = repository.HeadSha! });
        await command.ExecuteNonQueryAsync();
        return bundle.LongLength;
    }

    /// <summary>An implementer's commit: a function appended to one of the modules, every fifth commit a new module, a TODO box ticked.</summary>
    private static List<string> WriteImplementerChange(string root, int commit, Random random)
    {
        var modules = Math.Max(1, commit / 5 + 1);
        var module = commit % 5 == 0 ? modules - 1 : random.Next(modules);
        var path = $"src/module_{module:D3}.py";
        var full = Path.Combine(root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var code = new StringBuilder();
        code.Append(CultureInfo.InvariantCulture, $"\n\ndef handle_{commit}_{random.Next(1000)}(request, store):\n");
        code.Append(CultureInfo.InvariantCulture, $"    \"\"\"Step {commit}: validates the request and records it.\"\"\"\n");
        for (var line = 0; line < 20 + random.Next(20); line++)
        {
            code.Append(CultureInfo.InvariantCulture, $"    value_{line} = store.get('key_{random.Next(100_000)}', {random.Next(1000)}) * {random.NextDouble():F4}\n");
        }

        code.Append("    return value_0\n");
        File.AppendAllText(full, code.ToString());
        var todo = Path.Combine(root, "TODO.md");
        File.AppendAllText(todo, $"- [x] {commit / 10 + 1}.{commit % 10} step {commit}\n");
        return [path, "TODO.md"];
    }

    private static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }

    private static async Task<Guid> ProjectRowAsync(NpgsqlDataSource dataSource, long user)
    {
        var projectId = Guid.NewGuid();
        await using (var users = dataSource.CreateCommand("INSERT INTO users (user_id) VALUES ($1) ON CONFLICT DO NOTHING"))
        {
            users.Parameters.Add(new NpgsqlParameter<long> { TypedValue = user });
            await users.ExecuteNonQueryAsync();
        }

        await using var project = dataSource.CreateCommand("INSERT INTO projects (project_id, user_id, state) VALUES ($1, $2, 'bench')");
        project.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = projectId });
        project.Parameters.Add(new NpgsqlParameter<long> { TypedValue = user });
        await project.ExecuteNonQueryAsync();
        return projectId;
    }

    /// <summary>The store, counting the bundle bytes each save sends to PostgreSQL (links and compactions).</summary>
    private sealed class CountingStore(IRepositoryStore inner) : IRepositoryStore
    {
        public long BytesWritten { get; private set; }

        public async Task<StoredHistory> AppendAsync(Guid projectId, StoredRepository link, CancellationToken cancellationToken = default)
        {
            BytesWritten += link.Bundle.LongLength;
            return await inner.AppendAsync(projectId, link, cancellationToken);
        }

        public async Task<bool> CompactAsync(Guid projectId, StoredRepository full, CancellationToken cancellationToken = default)
        {
            BytesWritten += full.Bundle.LongLength;
            return await inner.CompactAsync(projectId, full, cancellationToken);
        }

        public Task<IReadOnlyList<StoredRepository>> LoadAsync(Guid projectId, CancellationToken cancellationToken = default) => inner.LoadAsync(projectId, cancellationToken);

        public Task<string?> HeadAsync(Guid projectId, CancellationToken cancellationToken = default) => inner.HeadAsync(projectId, cancellationToken);
    }
}
