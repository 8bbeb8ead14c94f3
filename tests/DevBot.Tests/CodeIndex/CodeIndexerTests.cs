using DevBot.CodeIndex;

namespace DevBot.Tests.CodeIndex;

public sealed class CodeIndexerTests
{
    [Fact]
    public async Task KnownQuestions_FindTheRightChunkInTheTopFive()
    {
        var indexer = new CodeIndexer(new LocalHashEmbedder(), "local");
        await indexer.ApplyAsync(SampleRepository.Files.ToDictionary(f => f.Key, f => (string?)f.Value));

        foreach (var (question, path, symbol) in SampleRepository.KnownAnswers)
        {
            var hits = await indexer.SearchAsync(question, 5);
            Assert.True(hits.Any(h => h.Chunk.Path == path && h.Chunk.Symbol == symbol),
                $"'{question}' → {string.Join(", ", hits.Select(h => $"{h.Chunk.Path}:{h.Chunk.Symbol}"))}");
        }
    }

    [Fact]
    public async Task Search_WithPathGlob_OnlyReturnsMatchingFiles()
    {
        var indexer = new CodeIndexer(new LocalHashEmbedder(), "local");
        await indexer.ApplyAsync(SampleRepository.Files.ToDictionary(f => f.Key, f => (string?)f.Value));

        var hits = await indexer.SearchAsync("function", 10, "src/**/*.ts");

        Assert.NotEmpty(hits);
        Assert.All(hits, h => Assert.Equal("src/auth/login.ts", h.Chunk.Path));
    }

    [Fact]
    public async Task OneFileChange_EmbedsOnlyThatFilesNewChunks()
    {
        var embedder = new CountingEmbedder();
        var indexer = new CodeIndexer(embedder, "local");
        var files = SampleRepository.Files.ToDictionary(f => f.Key, f => (string?)f.Value);
        await indexer.ApplyAsync(files);
        Assert.Equal(indexer.ChunkCount, embedder.Texts);
        embedder.Embedded.Clear();
        var before = embedder.Texts;

        // Lines added above the class move it (same content, same id) and one method changes.
        var changed = "# header comment\n\n" + files["src/billing/invoice.py"]!.Replace("return sum(", "return round(sum(", StringComparison.Ordinal)
            .Replace("in self.lines)", "in self.lines), 2)", StringComparison.Ordinal);
        var change = await indexer.ApplyAsync(new Dictionary<string, string?> { ["src/billing/invoice.py"] = changed });

        Assert.Equal(2, embedder.Texts - before); // the changed class and the new header window
        Assert.All(embedder.Embedded, text => Assert.StartsWith("src/billing/invoice.py", text, StringComparison.Ordinal));
        Assert.Equal(2, change.ChunksEmbedded);
        var parse = indexer.Chunks.Single(c => c.Symbol == "parse_invoice");
        Assert.Equal(changed.Split('\n').ToList().FindIndex(l => l.StartsWith("def parse_invoice", StringComparison.Ordinal)) + 1, parse.StartLine);
    }

    [Fact]
    public async Task DeletedFile_LeavesTheIndex()
    {
        var indexer = new CodeIndexer(new LocalHashEmbedder(), "local");
        await indexer.ApplyAsync(SampleRepository.Files.ToDictionary(f => f.Key, f => (string?)f.Value));

        var change = await indexer.ApplyAsync(new Dictionary<string, string?> { ["cmd/server/main.go"] = null });
        var hits = await indexer.SearchAsync("health check endpoint", 10);

        Assert.True(change.ChunksRemoved >= 2);
        Assert.DoesNotContain("cmd/server/main.go", indexer.Files);
        Assert.DoesNotContain(hits, h => h.Chunk.Path == "cmd/server/main.go");
    }

    [Fact]
    public async Task IndexAfterManyCommits_EqualsAFreshIndexOfTheSameTree()
    {
        var incremental = new CodeIndexer(new LocalHashEmbedder(), "local");
        var tree = SampleRepository.Files.ToDictionary(f => f.Key, f => (string?)f.Value);
        await incremental.ApplyAsync(tree);
        var steps = new (string Path, string? Content)[]
        {
            ("src/auth/login.ts", tree["src/auth/login.ts"] + "\nexport function logout(token: string) {\n  sessions.drop(token);\n}\n"),
            ("docs/setup.md", null),
            ("src/new/util.py", "def helper():\n    return 42\n"),
            ("src/billing/invoice.py", "\n\n" + tree["src/billing/invoice.py"]),
            ("src/new/util.py", "def helper():\n    return 43\n"),
        };
        foreach (var (path, content) in steps)
        {
            tree[path] = content;
            await incremental.ApplyAsync(new Dictionary<string, string?> { [path] = content });
        }

        var fresh = new CodeIndexer(new LocalHashEmbedder(), "local");
        await fresh.ApplyAsync(tree.Where(f => f.Value is not null).ToDictionary(f => f.Key, f => f.Value));

        static List<string> Describe(CodeIndexer index) => index.Chunks
            .Select(c => $"{c.Id}|{c.Path}|{c.StartLine}|{c.EndLine}|{c.Kind}|{c.Symbol}|{string.Join(',', index.VectorOf(c.Id)!.Take(8))}")
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Describe(fresh), Describe(incremental));
        Assert.Equal(
            (await fresh.SearchAsync("logout token", 5)).Select(h => h.Chunk.Id),
            (await incremental.SearchAsync("logout token", 5)).Select(h => h.Chunk.Id));
    }

    [Fact]
    public async Task RepoMap_ListsMostReferencedFilesFirstWithinBudget()
    {
        var indexer = new CodeIndexer(new LocalHashEmbedder(), "local");
        var files = new Dictionary<string, string?>
        {
            ["core.py"] = "class Money:\n    pass\n",
            ["a.py"] = "from core import Money\n\ndef charge():\n    return Money()\n",
            ["b.py"] = "from core import Money\n\ndef refund():\n    return Money()\n",
            ["lonely.py"] = "def unused():\n    return 1\n",
        };
        await indexer.ApplyAsync(files);

        var map = indexer.RepoMap(1000);
        var small = indexer.RepoMap(16);

        Assert.StartsWith("core.py:\n  class Money\n", map, StringComparison.Ordinal);
        Assert.Contains("lonely.py:\n  function unused", map, StringComparison.Ordinal);
        Assert.True(small.Length <= 64, small);
    }

    [Fact]
    public async Task Search_WhileAnUpdateIsEmbedding_SeesTheIndexAsItWasThenTheWholeUpdate()
    {
        var embedder = new GatedEmbedder("NEWCODE");
        var indexer = new CodeIndexer(embedder, "gated");
        await indexer.ApplyAsync(new Dictionary<string, string?> { ["a.py"] = "def old_name():\n    return 1\n", ["b.py"] = "def other():\n    return 2\n" });

        var update = indexer.ApplyAsync(new Dictionary<string, string?> { ["a.py"] = "def new_name():\n    return 'NEWCODE'\n", ["b.py"] = null });
        await embedder.Entered.WaitAsync(TimeSpan.FromSeconds(10));
        var during = await indexer.SearchAsync("old_name other", 10);
        embedder.Release();
        await update;
        var after = await indexer.SearchAsync("old_name other new_name", 10);

        Assert.Equal(["a.py:old_name", "b.py:other"], during.Select(h => $"{h.Chunk.Path}:{h.Chunk.Symbol}").Order(StringComparer.Ordinal));
        Assert.Equal(["a.py:new_name"], after.Select(h => $"{h.Chunk.Path}:{h.Chunk.Symbol}"));
    }
}
