using DevBot.Tests.Infrastructure;
using DevBot.Workspace.Edits;

namespace DevBot.Tests.Workspace;

/// <summary>Unified diffs are applied hunk by hunk where each hunk's lines occur exactly once, whatever the @@ numbers say.</summary>
public sealed class UnifiedDiffTests : IDisposable
{
    private readonly TempTree _tree = new();

    [Fact]
    public void Diff_TwoHunksWithWrongLineNumbers_AppliesBoth()
    {
        _tree.Write("src/app.py", "import os\n\n\ndef a():\n    return 1\n\n\ndef b():\n    return 2\n");

        var outcome = EditApplier.ApplyReply(_tree.Repo, "```diff\n--- a/src/app.py\n+++ b/src/app.py\n@@ -40,2 +40,2 @@\n def a():\n-    return 1\n+    return 10\n@@ -90,2 +90,2 @@ def b\n def b():\n-    return 2\n+    return 20\n```\n");

        Assert.True(outcome.Applied, outcome.Describe());
        Assert.Equal("import os\n\n\ndef a():\n    return 10\n\n\ndef b():\n    return 20\n", _tree.Read("src/app.py"));
    }

    [Fact]
    public void Diff_GitHeadersAndNewFile_CreatesIt()
    {
        var outcome = EditApplier.ApplyReply(_tree.Repo, "diff --git a/src/new.py b/src/new.py\nnew file mode 100644\nindex 0000000..e69de29\n--- /dev/null\n+++ b/src/new.py\n@@ -0,0 +1,2 @@\n+def hello():\n+    return 'hi'\n");

        Assert.True(outcome.Applied, outcome.Describe());
        Assert.Equal("def hello():\n    return 'hi'\n", _tree.Read("src/new.py"));
    }

    [Fact]
    public void Diff_ToDevNull_DeletesTheFile()
    {
        _tree.Write("old.py", "x = 1\n");

        var outcome = EditApplier.ApplyReply(_tree.Repo, "```diff\n--- a/old.py\n+++ /dev/null\n@@ -1 +0,0 @@\n-x = 1\n```\n");

        Assert.True(outcome.Applied, outcome.Describe());
        Assert.False(File.Exists(Path.Combine(_tree.Repo, "old.py")));
    }

    [Fact]
    public void Diff_HunkMatchingTwoPlaces_IsRefusedWithTheSearchReplaceFormat()
    {
        _tree.Write("a.py", "x = 1\ny = 2\nx = 1\n");

        var outcome = EditApplier.ApplyReply(_tree.Repo, "```diff\n--- a.py\n+++ a.py\n@@ -1 +1 @@\n-x = 1\n+x = 5\n```\n");

        Assert.False(outcome.Applied);
        var message = outcome.Describe();
        Assert.Contains("matches 2 places (lines 1, 3)", message, StringComparison.Ordinal);
        Assert.Contains("<<<<<<< SEARCH", message, StringComparison.Ordinal);
        Assert.Equal("x = 1\ny = 2\nx = 1\n", _tree.Read("a.py"));
    }

    [Fact]
    public void Diff_HunkNotInTheFile_ShowsTheClosestLines()
    {
        _tree.Write("a.py", "def total(items):\n    return sum(items)\n");

        var outcome = EditApplier.ApplyReply(_tree.Repo, "```diff\n--- a.py\n+++ a.py\n@@ @@\n def total(itemz):\n-    return sum(itemz)\n+    return sum(itemz) or 0\n```\n");

        Assert.False(outcome.Applied);
        var message = outcome.Describe();
        Assert.Contains("were not found", message, StringComparison.Ordinal);
        Assert.Contains("2|     return sum(items)", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_HunkWithOnlyAddedLines_IsRefusedBecauseItHasNoPlace()
    {
        _tree.Write("a.py", "x = 1\n");

        var outcome = EditApplier.ApplyReply(_tree.Repo, "```diff\n--- a.py\n+++ a.py\n@@ -5,0 +6,1 @@\n+y = 2\n```\n");

        Assert.False(outcome.Applied);
        Assert.Contains("only adds lines", outcome.Describe(), StringComparison.Ordinal);
        Assert.Equal("x = 1\n", _tree.Read("a.py"));
    }

    [Fact]
    public void Diff_OfAFileThatDoesNotExist_IsRefused()
    {
        var outcome = EditApplier.ApplyReply(_tree.Repo, "```diff\n--- a/ghost.py\n+++ b/ghost.py\n@@ -1 +1 @@\n-a\n+b\n```\n");

        Assert.False(outcome.Applied);
        Assert.Contains("ghost.py does not exist", outcome.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DiffFence_YieldsHunksNotAWholeFile()
    {
        var parsed = EditParser.Parse("src/app.py\n```diff\n@@ -1,2 +1,2 @@\n a = 1\n-b = 2\n+b = 3\n```\n");

        var diff = Assert.IsType<UnifiedDiffBlock>(Assert.Single(parsed.Blocks));
        Assert.Equal("src/app.py", diff.Path);
        var hunk = Assert.Single(diff.Hunks);
        Assert.Equal("a = 1\nb = 2\n", hunk.Before);
        Assert.Equal("a = 1\nb = 3\n", hunk.After);
    }

    public void Dispose() => _tree.Dispose();
}
