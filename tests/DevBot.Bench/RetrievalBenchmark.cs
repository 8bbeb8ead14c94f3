using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DevBot.CodeIndex;
using DevBot.Workspace.Git;
using Microsoft.Extensions.AI;

namespace DevBot.Bench;

/// <summary>
/// How often the code index finds the file that answers a developer's question: a known-answer set (questions with
/// the files that answer them, over a public repository at a fixed commit; ours, in Retrieval/*.json) run against a
/// checkout of that repository, which is never copied into this one. Each embedder indexes the whole tree (timed),
/// then every question is searched with BM25 alone, vectors alone and both fused. A question is answered at rank r
/// when the r-th distinct file of the ranking is one of its files; recall@5 counts ranks up to 5, MRR averages 1/r.
/// </summary>
public static class RetrievalBenchmark
{
    private const int Depth = 40;

    public static async Task<int> RunAsync(string checkout, string questionsPath, IReadOnlyList<string> embedders, bool verbose)
    {
        using var set = JsonDocument.Parse(await File.ReadAllTextAsync(questionsPath));
        var commit = set.RootElement.GetProperty("commit").GetString()!;
        var questions = set.RootElement.GetProperty("questions").EnumerateArray()
            .Select(q => new Question(q.GetProperty("q").GetString()!, q.GetProperty("kind").GetString()!,
                q.GetProperty("expect").EnumerateArray().Select(e => e.GetString()!).ToHashSet(StringComparer.Ordinal)))
            .ToList();
        var (_, head) = await GitCli.RunAsync(checkout, ["rev-parse", "HEAD"]);
        if (head.Trim() != commit)
        {
            Console.Error.WriteLine($"# warning: the checkout is at {head.Trim()}, the questions were written at {commit}");
        }

        var files = await ReadTreeAsync(checkout);
        var missing = questions.SelectMany(q => q.Expect).Where(p => !files.ContainsKey(p)).Distinct().ToList();
        if (missing.Count > 0)
        {
            Console.Error.WriteLine($"# expected files not in the checkout: {string.Join(", ", missing)}");
            return 1;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# {set.RootElement.GetProperty("repository").GetString()} at {commit[..12]}: {files.Count} files, {questions.Count} questions ({questions.Count(q => q.Kind == "plain")} plain)"));
        var lexicalDone = false;
        foreach (var name in embedders)
        {
            IEmbeddingGenerator<string, Embedding<float>> embedder = name == "local" ? new LocalHashEmbedder() : SentenceEmbedder.Create(name);
            var indexer = new CodeIndexer(embedder, name);
            var stopwatch = Stopwatch.StartNew();
            await indexer.ApplyAsync(files);
            var indexSeconds = stopwatch.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# {name}: {indexer.ChunkCount} chunks indexed in {indexSeconds:F1} s"));
            var variants = new List<(string Label, CodeIndexer Indexer)> { (name, indexer) };
            if (name == "arctic")
            {
                // The same document vectors, queries without the model card's instruction: does the prefix matter here?
                var plain = new CodeIndexer(SentenceEmbedder.Create("arctic", queryPrefix: string.Empty), name);
                plain.Load(indexer.Chunks.Select(c => (c, indexer.VectorOf(c.Id)!)));
                variants.Add(("arctic-noprefix", plain));
            }

            if (!lexicalDone)
            {
                await ReportAsync("bm25", "lexical", indexer, SearchMode.Lexical, questions, indexSeconds, verbose);
                lexicalDone = true;
            }

            foreach (var (label, variant) in variants)
            {
                await ReportAsync(label, "vector", variant, SearchMode.Vector, questions, indexSeconds, verbose);
                await ReportAsync(label, "hybrid", variant, SearchMode.Hybrid, questions, indexSeconds, verbose);
            }
        }

        return 0;
    }

    private static async Task ReportAsync(string embedder, string mode, CodeIndexer indexer, SearchMode searchMode, List<Question> questions, double indexSeconds, bool verbose)
    {
        var ranks = new List<(Question Question, int? Rank)>();
        var stopwatch = Stopwatch.StartNew();
        foreach (var question in questions)
        {
            var hits = await indexer.SearchAsync(question.Text, Depth, mode: searchMode);
            var rankedFiles = hits.Select(h => h.Chunk.Path).Distinct(StringComparer.Ordinal).ToList();
            var index = rankedFiles.FindIndex(question.Expect.Contains);
            ranks.Add((question, index < 0 ? null : index + 1));
            if (verbose && (index < 0 || index >= 5))
            {
                Console.WriteLine($"#   {embedder}/{mode} miss ({(index < 0 ? "-" : (index + 1).ToString(CultureInfo.InvariantCulture))}): {question.Text} -> {string.Join(" ", rankedFiles.Take(5))}");
            }
        }

        var searchMs = stopwatch.Elapsed.TotalMilliseconds / questions.Count;
        double Recall(IEnumerable<(Question Question, int? Rank)> subset) => subset.Average(r => r.Rank is <= 5 ? 1.0 : 0.0);
        var line = new StringBuilder("RESULT retrieval ");
        line.Append(CultureInfo.InvariantCulture, $"embedder={embedder} mode={mode} recall5={Recall(ranks):F3} ");
        line.Append(CultureInfo.InvariantCulture, $"recall5_plain={Recall(ranks.Where(r => r.Question.Kind == "plain")):F3} ");
        line.Append(CultureInfo.InvariantCulture, $"recall5_named={Recall(ranks.Where(r => r.Question.Kind == "named")):F3} ");
        line.Append(CultureInfo.InvariantCulture, $"mrr={ranks.Average(r => r.Rank is { } rank ? 1.0 / rank : 0.0):F3} ");
        line.Append(CultureInfo.InvariantCulture, $"index_s={indexSeconds:F1} search_ms={searchMs:F1} chunks={indexer.ChunkCount}");
        Console.WriteLine(line.ToString());
    }

    /// <summary>The committed files as the grain reads them: text only, at most the grain's default size.</summary>
    private static async Task<Dictionary<string, string?>> ReadTreeAsync(string checkout)
    {
        var (code, listing) = await GitCli.RunAsync(checkout, ["ls-files", "-z"]);
        if (code != 0)
        {
            throw new InvalidOperationException($"{checkout} is not a git checkout: {listing}");
        }

        var files = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var path in listing.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var full = Path.Combine(checkout, path);
            if (!File.Exists(full))
            {
                continue;
            }

            var bytes = await File.ReadAllBytesAsync(full);
            if (bytes.Length <= 256 * 1024 && bytes.AsSpan().IndexOf((byte)0) < 0)
            {
                files[path] = Encoding.UTF8.GetString(bytes);
            }
        }

        return files;
    }

    private sealed record Question(string Text, string Kind, HashSet<string> Expect);
}
