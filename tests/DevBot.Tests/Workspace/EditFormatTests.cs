using DevBot.Tests.Infrastructure;
using DevBot.Workspace.Edits;

namespace DevBot.Tests.Workspace;

public sealed class EditFormatTests : IDisposable
{
    private readonly TempTree _tree = new();

    [Fact]
    public void Reply_WithSearchReplaceWholeFileAndDelete_AppliesAll()
    {
        _tree.Write("src/app.py", "def add(a, b):\n    return a - b\n");
        _tree.Write("old.txt", "obsolete\n");
        const string reply = """
            Fixing the sign and adding a test.

            src/app.py
            ```python
            <<<<<<< SEARCH
                return a - b
            =======
                return a + b
            >>>>>>> REPLACE
            ```

            tests/test_app.py
            ```python
            from src.app import add

            def test_add():
                assert add(2, 3) == 5
            ```

            DELETE old.txt
            """;

        var outcome = EditApplier.ApplyReply(_tree.Repo, reply);

        Assert.True(outcome.Applied, outcome.Describe());
        Assert.Equal(["old.txt", "src/app.py", "tests/test_app.py"], outcome.ChangedPaths);
        Assert.Equal("def add(a, b):\n    return a + b\n", _tree.Read("src/app.py"));
        Assert.Equal("from src.app import add\n\ndef test_add():\n    assert add(2, 3) == 5\n", _tree.Read("tests/test_app.py"));
        Assert.False(File.Exists(Path.Combine(_tree.Repo, "old.txt")));
    }

    [Fact]
    public void EmptySearch_CreatesNewFile()
    {
        var outcome = EditApplier.ApplyReply(_tree.Repo, "notes/todo.md\n<<<<<<< SEARCH\n=======\n# Notes\n>>>>>>> REPLACE\n");

        Assert.True(outcome.Applied, outcome.Describe());
        Assert.Equal("# Notes\n", _tree.Read("notes/todo.md"));
    }

    [Fact]
    public void CrlfFile_KeepsItsLineEndings()
    {
        File.WriteAllText(Path.Combine(_tree.Repo, "win.txt"), "one\r\ntwo\r\nthree\r\n");

        var outcome = EditApplier.Apply(_tree.Repo, [new SearchReplaceBlock("win.txt", "two\n", "TWO\nTWO-B\n", 1)]);

        Assert.True(outcome.Applied, outcome.Describe());
        Assert.Equal("one\r\nTWO\r\nTWO-B\r\nthree\r\n", File.ReadAllText(Path.Combine(_tree.Repo, "win.txt")));
    }

    [Fact]
    public void WhitespaceDifferences_MatchLooselyAndKeepIndentation()
    {
        _tree.Write("m.py", "class A:\n    def f(self):\n        return 1\n");

        // The model quoted the method without its class indentation.
        var outcome = EditApplier.Apply(_tree.Repo, [new SearchReplaceBlock("m.py", "def f(self):\n    return 1\n", "def f(self):\n    return 2\n", 1)]);

        Assert.True(outcome.Applied, outcome.Describe());
        Assert.Equal("class A:\n    def f(self):\n        return 2\n", _tree.Read("m.py"));
    }

    [Fact]
    public void MissingSearchText_ReportsTheClosestLinesWithNumbers()
    {
        _tree.Write("calc.js", "function add(a, b) {\n  return a + b;\n}\nfunction sub(a, b) {\n  return a - b;\n}\n");

        var outcome = EditApplier.Apply(_tree.Repo, [new SearchReplaceBlock("calc.js", "function sub(a, b) {\n  return b - a;\n}\n", "x\n", 1)]);

        var message = Assert.Single(outcome.Failures).Message;
        Assert.Contains("calc.js: the SEARCH text was not found", message, StringComparison.Ordinal);
        Assert.Contains("return b - a;", message, StringComparison.Ordinal);
        Assert.Contains("5|   return a - b;", message, StringComparison.Ordinal);
    }

    [Fact]
    public void SearchOnMissingFile_SaysHowToCreateIt()
    {
        var outcome = EditApplier.Apply(_tree.Repo, [new SearchReplaceBlock("nope.txt", "a\n", "b\n", 1)]);

        Assert.Contains("leave SEARCH empty", outcome.Failures[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SearchOnMissingFile_NamesFilesWithTheSameNameElsewhere()
    {
        _tree.Write("src/notes/store.py", "x = 1\n");

        var outcome = EditApplier.Apply(_tree.Repo, [new SearchReplaceBlock("notes/store.py", "x = 1\n", "x = 2\n", 1)]);

        Assert.Contains("notes/store.py does not exist (did you mean src/notes/store.py?)", outcome.Failures[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedBlocks_AreReportedAndNothingApplies()
    {
        _tree.Write("a.txt", "a\n");

        var noDivider = EditApplier.ApplyReply(_tree.Repo, "a.txt\n<<<<<<< SEARCH\na\n>>>>>>> REPLACE\n");
        var unterminated = EditApplier.ApplyReply(_tree.Repo, "a.txt\n<<<<<<< SEARCH\na\n=======\nb\n");
        var noPath = EditApplier.ApplyReply(_tree.Repo, "Here you go:\n\n<<<<<<< SEARCH\na\n=======\nb\n>>>>>>> REPLACE\n");
        var nothing = EditApplier.ApplyReply(_tree.Repo, "I think the code is fine as it is.");

        Assert.Contains("no ======= line", noDivider.Failures[0].Message, StringComparison.Ordinal);
        Assert.Contains("never ends with >>>>>>> REPLACE", unterminated.Failures[0].Message, StringComparison.Ordinal);
        Assert.Contains("names no file", noPath.Failures[0].Message, StringComparison.Ordinal);
        Assert.Contains("no edit blocks", nothing.Failures[0].Message, StringComparison.Ordinal);
        Assert.Equal("a\n", _tree.Read("a.txt"));
    }

    [Fact]
    public void MarkdownFile_InFourBacktickFence_KeepsItsInnerFences()
    {
        const string reply = "README.md\n````markdown\n# Demo\n\n```sh\nmake run\n```\n````\n";

        var outcome = EditApplier.ApplyReply(_tree.Repo, reply);

        Assert.True(outcome.Applied, outcome.Describe());
        Assert.Equal("# Demo\n\n```sh\nmake run\n```\n", _tree.Read("README.md"));
    }

    [Fact]
    public void LaterBlocks_SeeEarlierBlocksOfTheSameReply()
    {
        _tree.Write("s.txt", "v1\n");

        var outcome = EditApplier.Apply(_tree.Repo,
        [
            new SearchReplaceBlock("s.txt", "v1\n", "v2\n", 1),
            new SearchReplaceBlock("s.txt", "v2\n", "v3\n", 2),
        ]);

        Assert.True(outcome.Applied, outcome.Describe());
        Assert.Equal("v3\n", _tree.Read("s.txt"));
    }

    [Fact]
    public void Makefile_SearchWrittenWithSpaces_KeepsTheRecipeTabs()
    {
        _tree.Write("Makefile", "build:\n\tgcc -o app main.c\n\ntest: build\n\t./app --test\n");

        var outcome = EditApplier.ApplyReply(_tree.Repo, "Makefile\n```make\n<<<<<<< SEARCH\nbuild:\n    gcc -o app main.c\n=======\nbuild:\n    gcc -O2 -o app main.c\n    strip app\n>>>>>>> REPLACE\n```\n");

        Assert.True(outcome.Applied, outcome.Describe());
        Assert.Equal("build:\n\tgcc -O2 -o app main.c\n\tstrip app\n\ntest: build\n\t./app --test\n", _tree.Read("Makefile"));
    }

    [Fact]
    public void Makefile_WholeFileWithTabs_IsWrittenWithTabs()
    {
        var outcome = EditApplier.ApplyReply(_tree.Repo, "Makefile\n```makefile\nall:\n\tcc main.c\n```\n");

        Assert.True(outcome.Applied, outcome.Describe());
        Assert.Equal("all:\n\tcc main.c\n", _tree.Read("Makefile"));
    }

    [Theory]
    [InlineData("\nb = 2\n", "\nb = 3\n")]
    [InlineData("b = 2\n\n", "b = 3\n\n")]
    [InlineData("\nb = 2\n\n", "b = 3\n")]
    public void SearchReplace_SpuriousBlankFirstOrLastLine_IsTolerated(string search, string replace)
    {
        _tree.Write("v.py", "a = 1\nb = 2\nc = 3\n");

        var outcome = EditApplier.Apply(_tree.Repo, [new SearchReplaceBlock("v.py", search, replace, 1)]);

        Assert.True(outcome.Applied, outcome.Describe());
        Assert.Equal("a = 1\nb = 3\nc = 3\n", _tree.Read("v.py"));
    }

    [Fact]
    public void CrlfFile_RewrittenWhole_StaysCrlf()
    {
        File.WriteAllText(Path.Combine(_tree.Repo, "win.txt"), "one\r\ntwo\r\n");

        var outcome = EditApplier.ApplyReply(_tree.Repo, "win.txt\r\n```\r\nuno\r\ndos\r\ntres\r\n```\r\n");

        Assert.True(outcome.Applied, outcome.Describe());
        Assert.Equal("uno\r\ndos\r\ntres\r\n", File.ReadAllText(Path.Combine(_tree.Repo, "win.txt")));
    }

    [Fact]
    public void SearchReplace_IndentationThatCannotBeMapped_IsRefusedWithTheLines()
    {
        _tree.Write("m.py", "if a:\n    if b:\n        go()\n");

        // The two SEARCH lines are indented inconsistently with the file, so REPLACE's indentation is a guess.
        var outcome = EditApplier.Apply(_tree.Repo, [new SearchReplaceBlock("m.py", "if b:\n go()\n", "if b:\n  go()\n  stop()\n", 1)]);

        Assert.False(outcome.Applied);
        Assert.Contains("only when indentation is ignored", outcome.Failures[0].Message, StringComparison.Ordinal);
        Assert.Equal("if a:\n    if b:\n        go()\n", _tree.Read("m.py"));
    }

    [Fact]
    public void MissingSearchText_WhoseReplaceIsAlreadyThere_SaysSo()
    {
        _tree.Write("c.py", "x = 2\n");

        var outcome = EditApplier.Apply(_tree.Repo, [new SearchReplaceBlock("c.py", "x = 1\n", "x = 2\n", 1)]);

        Assert.Contains("The REPLACE lines are already in c.py", outcome.Failures[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingSearchText_WithARenamedIdentifier_ShowsTheRealLines()
    {
        _tree.Write("shop.py", "import math\n\n\ndef total_price(items):\n    subtotal = sum(i.price for i in items)\n    return round(subtotal, 2)\n");

        var outcome = EditApplier.Apply(_tree.Repo, [new SearchReplaceBlock("shop.py", "def total(items):\n    subtotal = sum(i.price for i in items)\n", "x\n", 1)]);

        var message = outcome.Failures[0].Message;
        Assert.Contains("Did you mean these lines of shop.py", message, StringComparison.Ordinal);
        Assert.Contains("4| def total_price(items):", message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptySearch_OnAnEmptyFile_FillsIt()
    {
        _tree.Write("pkg/__init__.py", string.Empty);

        var outcome = EditApplier.ApplyReply(_tree.Repo, "pkg/__init__.py\n<<<<<<< SEARCH\n=======\n__version__ = \"1.0\"\n>>>>>>> REPLACE\n");

        Assert.True(outcome.Applied, outcome.Describe());
        Assert.Equal("__version__ = \"1.0\"\n", _tree.Read("pkg/__init__.py"));
    }

    [Fact]
    public void EmptySearch_OnAFileWithContent_IsRefusedNotAppended()
    {
        _tree.Write("a.py", "x = 1\n");

        var outcome = EditApplier.ApplyReply(_tree.Repo, "a.py\n<<<<<<< SEARCH\n=======\ny = 2\n>>>>>>> REPLACE\n");

        Assert.False(outcome.Applied);
        Assert.Contains("SEARCH in a.py is empty, but the file exists", outcome.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void SearchReplace_CutOffBeforeItsReplaceMarker_IsNotApplied()
    {
        _tree.Write("a.py", "x = 1\n");

        var outcome = EditApplier.ApplyReply(_tree.Repo, "a.py\n<<<<<<< SEARCH\nx = 1\n=======\nx = 2\n");

        Assert.False(outcome.Applied);
        Assert.Contains("was the answer cut off?", outcome.Describe(), StringComparison.Ordinal);
    }

    public void Dispose() => _tree.Dispose();
}
