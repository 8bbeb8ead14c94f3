using System.Diagnostics;
using System.Globalization;
using System.Text;
using DevBot.CodeIndex;
using DevBot.Data.Embedded;
using DevBot.Data.Migrations;
using DevBot.Workspace.Git;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace DevBot.Bench;

/// <summary>
/// Indexes a copy of a folder's git tree (never the folder itself) with the local embedder, storing chunks and
/// vectors in embedded PostgreSQL; then commits a one-file change there and re-indexes it; then runs queries.
/// </summary>
public static class IndexBenchmark
{
    public static async Task<int> RunAsync(string source, int scale, int queries)
    {
        var work = Path.Combine(Path.GetTempPath(), "devbot-index-bench-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var files = ReadTree(source);
            using var repository = ProjectRepository.OpenOrInit(work);
            var lines = 0L;
            for (var copy = 0; copy < scale; copy++)
            {
                foreach (var (path, content) in files)
                {
                    var target = Path.Combine(work, scale == 1 ? path : $"copy{copy}/{path}");
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    await File.WriteAllBytesAsync(target, content);
                    lines += content.Count(b => b == (byte)'\n');
                }
            }

            var first = repository.Commit(repository.ListFiles(), "import", "bench", "bench@example.com")!;
            await using var postgres = await EmbeddedPostgres.StartAsync(EmbeddedPostgresSettings.CreateThrowaway(relaxedDurability: false));
            await DatabaseMigrator.MigrateAsync(postgres.ConnectionString, NullLogger.Instance);
            await using var dataSource = NpgsqlDataSource.Create(postgres.ConnectionString);
            var projectId = Guid.NewGuid();
            await using (var user = dataSource.CreateCommand("INSERT INTO users (user_id) VALUES (1)"))
            {
                await user.ExecuteNonQueryAsync();
            }

            await using (var seed = dataSource.CreateCommand("INSERT INTO projects (project_id, user_id, state) VALUES ($1, 1, 'bench')"))
            {
                seed.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = projectId });
                await seed.ExecuteNonQueryAsync();
            }

            var store = new CodeIndexStore(dataSource);
            var embedder = new LocalHashEmbedder();
            var indexer = new CodeIndexer(embedder, embedder.Id);

            var stopwatch = Stopwatch.StartNew();
            var all = repository.TrackedFiles().ToDictionary(p => p, p => Text(repository.ReadCommitted(p)));
            await indexer.ApplyAsync(all);
            await store.SaveFilesAsync(projectId, embedder.Id, first.Sha, all.Keys, indexer.Chunks.Select(c => (c, indexer.VectorOf(c.Id)!)), replaceAll: true);
            var full = stopwatch.Elapsed;

            // Warm the incremental path once (first-use costs of the COPY and diff code paths), as a running silo is.
            var warmPath = all.Keys.First(p => p.EndsWith(".md", StringComparison.Ordinal) || p.EndsWith(".txt", StringComparison.Ordinal));
            await File.AppendAllTextAsync(Path.Combine(work, warmPath), "\nwarm-up line\n");
            var warm = repository.Commit([warmPath], "warm-up", "bench", "bench@example.com")!;
            var warmChanges = repository.ChangesSince(first.Sha).ToDictionary(c => c.Path, c => Text(repository.ReadCommitted(c.Path)));
            await indexer.ApplyAsync(warmChanges);
            await store.SaveFilesAsync(projectId, embedder.Id, warm.Sha, warmChanges.Keys,
                indexer.Chunks.Where(c => warmChanges.ContainsKey(c.Path)).Select(c => (c, indexer.VectorOf(c.Id)!)), replaceAll: false);
            first = warm;

            var victim = all.Where(f => f.Value is not null && f.Key.EndsWith(".cs", StringComparison.Ordinal)).OrderByDescending(f => f.Value!.Length).Select(f => f.Key).FirstOrDefault()
                         ?? all.Keys.First();
            await File.AppendAllTextAsync(Path.Combine(work, victim), "\n// benchmark change\npublic static class BenchmarkAddition { public static int Answer() => 42; }\n");
            var second = repository.Commit([victim], "one-file change", "bench", "bench@example.com")!;
            stopwatch.Restart();
            var changed = repository.ChangesSince(first.Sha).ToDictionary(c => c.Path, c => c.Kind == "Deleted" ? null : Text(repository.ReadCommitted(c.Path)));
            var diffMs = stopwatch.Elapsed.TotalMilliseconds;
            var applied = await indexer.ApplyAsync(changed);
            var applyMs = stopwatch.Elapsed.TotalMilliseconds - diffMs;
            await store.SaveFilesAsync(projectId, embedder.Id, second.Sha, changed.Keys,
                indexer.Chunks.Where(c => changed.ContainsKey(c.Path)).Select(c => (c, indexer.VectorOf(c.Id)!)), replaceAll: false);
            var incremental = stopwatch.Elapsed;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# incremental: diff_ms={diffMs:0.0} apply_ms={applyMs:0.0} save_ms={incremental.TotalMilliseconds - diffMs - applyMs:0.0}"));

            var questions = QuestionSet(indexer, queries);
            await indexer.SearchAsync(questions[0], 10);
            var latencies = new List<double>();
            foreach (var question in questions)
            {
                var start = Stopwatch.GetTimestamp();
                await indexer.SearchAsync(question, 10);
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }

            latencies.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"# source={source} scale={scale} lines={lines} embedded_on_change={applied.ChunksEmbedded} changed_file={victim} queries={questions.Count}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT index files={all.Count} chunks={indexer.ChunkCount} full_s={full.TotalSeconds:0.000} incremental_s={incremental.TotalSeconds:0.000} incremental_ratio={incremental.TotalSeconds / full.TotalSeconds:0.0000} search_p50_ms={latencies[latencies.Count / 2]:0.00} search_p99_ms={latencies[(int)Math.Min(latencies.Count - 1, latencies.Count * 0.99)]:0.00}"));
            return 0;
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    /// <summary>The files of the folder's git HEAD (the folder is only read), or its files when it is no repository.</summary>
    private static List<(string Path, byte[] Content)> ReadTree(string source)
    {
        if (LibGit2Sharp.Repository.IsValid(source))
        {
            using var repository = ProjectRepository.Open(source);
            return repository.TrackedFiles().Select(p => (p, repository.ReadCommitted(p) ?? [])).ToList();
        }

        return Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/.git/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal))
            .Select(f => (Path.GetRelativePath(source, f).Replace('\\', '/'), File.ReadAllBytes(f))).ToList();
    }

    private static string? Text(byte[]? bytes) =>
        bytes is null || bytes.Length > 256 * 1024 || bytes.AsSpan().IndexOf((byte)0) >= 0 ? null : Encoding.UTF8.GetString(bytes);

    /// <summary>Symbol names and phrases from the indexed code itself (deterministic).</summary>
    private static List<string> QuestionSet(CodeIndexer indexer, int count)
    {
        var symbols = indexer.Chunks.Where(c => c.Symbol is not null).Select(c => c.Symbol!).Distinct().Order(StringComparer.Ordinal).ToList();
        var questions = new List<string>();
        for (var i = 0; questions.Count < count && symbols.Count > 0; i++)
        {
            var symbol = symbols[(i * 7919) % symbols.Count];
            questions.Add(i % 3 == 0 ? symbol : i % 3 == 1 ? $"where is {symbol} implemented" : $"how does {symbol} handle errors and retries");
        }

        return questions.Count > 0 ? questions : ["main"];
    }
}
