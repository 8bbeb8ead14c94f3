using DevBot.CodeIndex;

namespace DevBot.Tests.CodeIndex;

public sealed class CodeChunkerTests
{
    [Theory]
    [InlineData("src/billing/invoice.py", "class:Invoice", "function:parse_invoice")]
    [InlineData("src/auth/login.ts", "function:loginUser", "class:SessionStore")]
    [InlineData("src/Orders/OrderService.cs", "class:OrderService")]
    [InlineData("cmd/server/main.go", "function:main", "function:healthHandler")]
    [InlineData("src/main/java/app/EmailSender.java", "class:EmailSender")]
    [InlineData("docs/setup.md", "section:Setup", "section:Database", "section:Running")]
    public void Chunk_FollowsDeclarations(string path, params string[] expected)
    {
        var chunks = CodeChunker.Chunk(path, SampleRepository.Files[path]);

        var declared = chunks.Where(c => c.Symbol is not null).Select(c => $"{c.Kind}:{c.Symbol}").ToList();
        Assert.Equal(expected, declared);
    }

    [Fact]
    public void Chunk_CoversEveryNonBlankLineExactlyOnce()
    {
        foreach (var (path, content) in SampleRepository.Files)
        {
            var chunks = CodeChunker.Chunk(path, content);
            var lines = content.Split('\n');
            var covered = new int[lines.Length + 1];
            foreach (var chunk in chunks)
            {
                for (var line = chunk.StartLine; line <= chunk.EndLine; line++)
                {
                    covered[line]++;
                }
            }

            for (var line = 1; line <= lines.Length; line++)
            {
                Assert.True(covered[line] <= 1, $"{path}:{line} is in {covered[line]} chunks");
                Assert.True(lines[line - 1].Trim().Length == 0 || covered[line] == 1, $"{path}:{line} is in no chunk");
            }
        }
    }

    [Fact]
    public void LargeClass_IsCutIntoItsMembers()
    {
        var methods = string.Join("\n\n", Enumerable.Range(1, 30).Select(i => $"    public int Method{i}(int x)\n    {{\n        var y = x + {i};\n        return y * 2;\n    }}"));
        var source = $"namespace N;\n\npublic class Big\n{{\n{methods}\n}}\n";

        var chunks = CodeChunker.Chunk("Big.cs", source);

        Assert.DoesNotContain(chunks, c => c.Symbol == "Big");
        Assert.Equal(30, chunks.Count(c => c.Symbol?.StartsWith("Method", StringComparison.Ordinal) == true));
        Assert.All(chunks, c => Assert.True(c.EndLine - c.StartLine < CodeChunker.MaxChunkLines));
    }

    [Fact]
    public void ChunkIds_DependOnContentNotPosition()
    {
        var before = CodeChunker.Chunk("a.py", "def f():\n    return 1\n");
        var after = CodeChunker.Chunk("a.py", "\n\n# moved down\n\ndef f():\n    return 1\n");

        var f1 = before.Single(c => c.Symbol == "f");
        var f2 = after.Single(c => c.Symbol == "f");
        Assert.Equal(f1.Id, f2.Id);
        Assert.NotEqual(f1.StartLine, f2.StartLine);
    }

    [Theory]
    [InlineData("parseInvoiceTotal", new[] { "parse", "invoice", "total", "parseinvoicetotal" })]
    [InlineData("HTTPServer_v2", new[] { "http", "server", "v2", "httpserver_v2" })]
    [InlineData("snake_case_name", new[] { "snake", "case", "name", "snake_case_name" })]
    public void Tokenizer_SplitsIdentifiersAndKeepsThemWhole(string text, string[] expected)
    {
        Assert.Equal(expected, CodeTokenizer.Tokenize(text));
    }
}
