using DevBot.CodeIndex;

namespace DevBot.Tests.CodeIndex;

/// <summary>Defects seen indexing a real codebase: stray attribute chunks, colliding ids, data files crowding search.</summary>
public sealed class ChunkerDefectTests
{
    [Fact]
    public void Attributes_AboveMembersOfALargeClass_BelongToTheirMember()
    {
        // Large enough to be cut into its members, so the lines between members are what the chunker must place.
        var tests = string.Join("\n\n", Enumerable.Range(1, 30).Select(i =>
            $"    /// <summary>Case {i}.</summary>\n    [Fact]\n    [Trait(\"kind\", \"unit\")]\n    public void Case{i}()\n    {{\n        Assert.Equal({i}, {i});\n    }}"));
        var source = $"namespace N;\n\npublic sealed class ManyTests\n{{\n{tests}\n}}\n";

        var chunks = CodeChunker.Chunk("ManyTests.cs", source);

        Assert.DoesNotContain(chunks, c => c.Symbol is null && c.Content.Contains("[Fact]", StringComparison.Ordinal));
        Assert.All(chunks.Where(c => c.Symbol?.StartsWith("Case", StringComparison.Ordinal) == true), c =>
        {
            Assert.StartsWith("    /// <summary>Case", c.Content, StringComparison.Ordinal);
            Assert.Contains("[Fact]", c.Content, StringComparison.Ordinal);
        });
        Assert.Equal(chunks.Count, chunks.Select(c => c.Id).Distinct().Count());
    }

    [Fact]
    public void MultiLineDecorator_BelongsToTheFunctionItDecorates()
    {
        const string source = "import pytest\n\n\n@pytest.mark.parametrize(\n    \"value\",\n    [1, 2, 3],\n)\n@pytest.mark.slow\ndef test_value(value):\n    assert value\n\n\n" +
                              "result = compute(\n    1)\ndef after_call():\n    return 2\n";

        var chunks = CodeChunker.Chunk("tests/test_values.py", source);

        var decorated = chunks.Single(c => c.Symbol == "test_value");
        Assert.Equal(4, decorated.StartLine);
        Assert.StartsWith("@pytest.mark.parametrize(", decorated.Content, StringComparison.Ordinal);
        // A call that merely ends right above a function is not its decorator.
        Assert.Equal(15, chunks.Single(c => c.Symbol == "after_call").StartLine);
        Assert.DoesNotContain(chunks, c => c.Symbol is null && c.Content.Contains("@pytest", StringComparison.Ordinal));
    }

    [Fact]
    public void IdenticalChunks_InOneFile_KeepTheirOwnIdsAndPositions()
    {
        var block = string.Join("\n", Enumerable.Range(1, CodeChunker.WindowLines).Select(i => $"line {i}"));
        var chunks = CodeChunker.Chunk("notes.txt", block + "\n" + block + "\n");
        var alone = CodeChunker.Chunk("notes.txt", block + "\n");

        Assert.Equal([1, CodeChunker.WindowLines + 1], chunks.Select(c => c.StartLine));
        Assert.NotEqual(chunks[0].Id, chunks[1].Id);
        // The first copy keeps the id it has when alone, so unchanged content keeps its vector.
        Assert.Equal(chunks[0].Id, Assert.Single(alone).Id);
    }

    [Theory]
    [InlineData("docs/img/logo.svg", "SVG image")]
    [InlineData("LICENSE", "licence text")]
    [InlineData("LICENSE.md", "licence text")]
    [InlineData("tests/fixtures/whatwg.json", "top-level keys: cases, version")]
    public void NonCodeFile_IsOneChunkOfPathAndSummary(string path, string expected)
    {
        var content = path switch
        {
            var p when p.EndsWith(".svg", StringComparison.Ordinal) => "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>Logo</title>" + string.Concat(Enumerable.Repeat("<path d=\"M0 0L10 10\"/>\n", 500)) + "</svg>",
            var p when p.EndsWith(".json", StringComparison.Ordinal) => "{\"cases\": [" + string.Join(",\n", Enumerable.Range(0, 2000).Select(i => $"{{\"input\": \"http://example.com/{i}\", \"href\": \"x\"}}")) + "], \"version\": 1}",
            _ => "MIT License\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\n" + string.Concat(Enumerable.Repeat("of this software and associated documentation files.\n", 20)),
        };

        var chunks = CodeChunker.Chunk(path, content);

        var only = Assert.Single(chunks);
        Assert.Equal("file", only.Kind);
        Assert.StartsWith(path + ": ", only.Content, StringComparison.Ordinal);
        Assert.Contains(expected, only.Content, StringComparison.Ordinal);
        Assert.True(only.Content.Length < 400, only.Content);
    }

    [Theory]
    [InlineData("package-lock.json")]
    [InlineData("web/yarn.lock")]
    [InlineData("poetry.lock")]
    [InlineData("static/app.min.js")]
    public void GeneratedFile_IsNotIndexed(string path)
    {
        Assert.Empty(CodeChunker.Chunk(path, "{\n  \"name\": \"x\",\n  \"lockfileVersion\": 3\n}\n"));
    }

    [Fact]
    public void SmallJson_IsStillIndexedAsText()
    {
        var chunks = CodeChunker.Chunk("package.json", "{\n  \"name\": \"web\",\n  \"scripts\": { \"test\": \"vitest\" }\n}\n");

        Assert.Equal("text", Assert.Single(chunks).Kind);
    }

    [Fact]
    public async Task LargeDataFile_SharingTheQuestionsWords_DoesNotCrowdOutTheCode()
    {
        var data = "[" + string.Join(",\n", Enumerable.Range(0, 3000).Select(i => $"{{\"url\": \"http://host/{i}\", \"redirect\": \"http://other/{i}\", \"retry\": {i % 3}}}")) + "]";
        var indexer = new CodeIndexer(new LocalHashEmbedder(), "local");
        await indexer.ApplyAsync(new Dictionary<string, string?>
        {
            ["tests/redirect_cases.json"] = data,
            ["src/redirects.py"] = "def follow_redirect(response, retry):\n    \"\"\"Follows a redirect url, at most retry times.\"\"\"\n    return response.headers['location']\n",
        });

        var hits = await indexer.SearchAsync("follow a redirect url and retry", 5);

        Assert.Equal("src/redirects.py", hits[0].Chunk.Path);
        Assert.Single(hits, h => h.Chunk.Path == "tests/redirect_cases.json");
    }
}
