using DevBot.Tests.Infrastructure;
using DevBot.Workspace.Edits;

namespace DevBot.Tests.Workspace;

/// <summary>Lines that stand for code a model left out are never written; real "..." content still is.</summary>
public sealed class ElisionTests : IDisposable
{
    private readonly TempTree _tree = new();

    public static TheoryData<string, string> ElidedWholeFiles => new()
    {
        { "app.js", "// ... existing code ..." },
        { "app.js", "  // ... rest of the code remains the same" },
        { "app.py", "# ... rest unchanged ..." },
        { "app.py", "# rest of the file unchanged" },
        { "app.py", "..." },
        { "index.html", "<!-- ... -->" },
        { "index.html", "<!-- ... existing markup ... -->" },
        { "Page.tsx", "      {/* ... existing code ... */}" },
        { "main.c", "/* ... */" },
        { "query.sql", "-- ... other columns ..." },
        { "app.rb", "[rest of the file unchanged]" },
        { "app.go", "(rest of the file unchanged)" },
        { "README.md", "... rest of the README unchanged ..." },
        { "README.md", "<!-- rest of the document unchanged -->" },
    };

    [Theory]
    [MemberData(nameof(ElidedWholeFiles))]
    public void WholeFile_WithElision_IsRefusedAndNothingIsWritten(string path, string elision)
    {
        _tree.Write(path, "first\nsecond\nthird\n");

        var outcome = EditApplier.ApplyReply(_tree.Repo, $"{path}\n````\nfirst\n{elision}\nfourth\n````\n");

        Assert.False(outcome.Applied);
        var message = outcome.Describe();
        Assert.Contains($"line 2 of the new content, \"{elision.Trim()}\", stands for lines left out", message, StringComparison.Ordinal);
        Assert.Contains("<<<<<<< SEARCH", message, StringComparison.Ordinal);
        Assert.Equal("first\nsecond\nthird\n", _tree.Read(path));
    }

    public static TheoryData<string, string> RealContent => new()
    {
        { "stubs.pyi", "def area(r: float) -> float:\n    ...\n" },
        { "proto.py", "class Shape(Protocol):\n    def area(self) -> float: ...\n" },
        { "base.py", "class Base:\n    \"\"\"A documented stub.\"\"\"\n\n    ...\n" },
        { "config.yaml", "a: 1\n...\n" },
        { "README.md", "# Usage\n\n```js\nconst app = create();\n// ...\napp.listen();\n```\n" },
        { "loader.js", "// TODO: handle other cases\nconst rest = [...items];\nconsole.log('Loading...');\n" },
        { "notes.txt", "To be continued in part two.\n" },
    };

    [Theory]
    [MemberData(nameof(RealContent))]
    public void WholeFile_WithDotsThatAreContent_IsWritten(string path, string content)
    {
        var outcome = EditApplier.ApplyReply(_tree.Repo, $"{path}\n````\n{content}````\n");

        Assert.True(outcome.Applied, outcome.Describe());
        Assert.Equal(content, _tree.Read(path));
    }

    [Fact]
    public void WholeFile_ElisionLineTheFileAlreadyHas_IsContent()
    {
        _tree.Write("notes.js", "// ... existing code ...\nlet a = 1;\n");

        var outcome = EditApplier.ApplyReply(_tree.Repo, "notes.js\n```\n// ... existing code ...\nlet a = 2;\n```\n");

        Assert.True(outcome.Applied, outcome.Describe());
    }

    [Fact]
    public void SearchReplace_ElisionInReplace_IsRefusedAndExplained()
    {
        _tree.Write("calc.py", "def f():\n    a()\n    b()\n    return 1\n");

        var outcome = EditApplier.ApplyReply(_tree.Repo, "calc.py\n<<<<<<< SEARCH\ndef f():\n    a()\n    b()\n    return 1\n=======\ndef f():\n    # ... existing code ...\n    return 2\n>>>>>>> REPLACE\n");

        Assert.False(outcome.Applied);
        Assert.Contains("REPLACE contains \"# ... existing code ...\", which stands for lines left out", outcome.Describe(), StringComparison.Ordinal);
        Assert.Equal("def f():\n    a()\n    b()\n    return 1\n", _tree.Read("calc.py"));
    }

    [Fact]
    public void SearchReplace_SameDotsInSearchAndReplace_KeepsTheElidedLines()
    {
        _tree.Write("calc.py", "def f():\n    a()\n    b()\n    return 1\n");

        var outcome = EditApplier.ApplyReply(_tree.Repo, "calc.py\n<<<<<<< SEARCH\ndef f():\n...\n    return 1\n=======\ndef f(x):\n...\n    return x\n>>>>>>> REPLACE\n");

        Assert.True(outcome.Applied, outcome.Describe());
        Assert.Equal("def f(x):\n    a()\n    b()\n    return x\n", _tree.Read("calc.py"));
    }

    [Fact]
    public void SearchReplace_SameCommentElisionInSearchAndReplace_KeepsTheElidedLines()
    {
        _tree.Write("app.js", "function f() {\n  a();\n  b();\n  return 1;\n}\n");

        var outcome = EditApplier.ApplyReply(_tree.Repo, "app.js\n<<<<<<< SEARCH\nfunction f() {\n  // ... existing code ...\n  return 1;\n=======\nfunction f(x) {\n  // ... existing code ...\n  return x;\n>>>>>>> REPLACE\n");

        Assert.True(outcome.Applied, outcome.Describe());
        Assert.Equal("function f(x) {\n  a();\n  b();\n  return x;\n}\n", _tree.Read("app.js"));
    }

    [Fact]
    public void SearchReplace_DotsOnlyInSearch_IsRefusedWithTheRule()
    {
        _tree.Write("calc.py", "def f():\n    a()\n    return 1\n");

        var outcome = EditApplier.ApplyReply(_tree.Repo, "calc.py\n<<<<<<< SEARCH\ndef f():\n...\n    return 1\n=======\ndef f():\n    return 2\n>>>>>>> REPLACE\n");

        Assert.False(outcome.Applied);
        Assert.Contains("only when REPLACE has the same \"...\" line at the same place as SEARCH", outcome.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void SearchReplace_PythonEllipsisBodyInSearch_MatchesAsWritten()
    {
        _tree.Write("shapes.py", "class Shape:\n    def area(self):\n        ...\n");

        var outcome = EditApplier.ApplyReply(_tree.Repo, "shapes.py\n<<<<<<< SEARCH\n    def area(self):\n        ...\n=======\n    def area(self):\n        return 0.0\n>>>>>>> REPLACE\n");

        Assert.True(outcome.Applied, outcome.Describe());
        Assert.Equal("class Shape:\n    def area(self):\n        return 0.0\n", _tree.Read("shapes.py"));
    }

    [Fact]
    public void SearchReplace_ElidedPartFoundTwice_IsRefusedAsAmbiguous()
    {
        _tree.Write("a.js", "{\n  one();\n}\n{\n  two();\n}\n");

        var outcome = EditApplier.ApplyReply(_tree.Repo, "a.js\n<<<<<<< SEARCH\n{\n...\n}\n=======\n[\n...\n]\n>>>>>>> REPLACE\n");

        Assert.False(outcome.Applied);
        Assert.Contains("matches 2 places", outcome.Describe(), StringComparison.Ordinal);
    }

    public void Dispose() => _tree.Dispose();
}
