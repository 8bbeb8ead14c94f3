using DevBot.Tests.Infrastructure;
using DevBot.Workspace.Edits;

namespace DevBot.Tests.Workspace;

/// <summary>Where models put a block's path, how they decorate it, and the fences and prose around the blocks.</summary>
public sealed class EditLayoutTests : IDisposable
{
    private const string Block = "<<<<<<< SEARCH\nx = 1\n=======\nx = 2\n>>>>>>> REPLACE\n";

    private readonly TempTree _tree = new();

    public static TheoryData<string> SearchReplaceLayouts => new()
    {
        "src/app.py\n" + Block,
        "src/app.py\n```python\n" + Block + "```\n",
        "```python\nsrc/app.py\n" + Block + "```\n",
        "```python src/app.py\n" + Block + "```\n",
        "```python:src/app.py\n" + Block + "```\n",
        "```python title=\"src/app.py\"\n" + Block + "```\n",
        "```\nsrc/app.py\n```\n```python\n" + Block + "```\n",
        "In `src/app.py`:\n" + Block,
        "   src/app.py\n   ```python\n   <<<<<<< SEARCH\n   x = 1\n   =======\n   x = 2\n   >>>>>>> REPLACE\n   ```\n",
    };

    [Theory]
    [MemberData(nameof(SearchReplaceLayouts))]
    public void SearchReplace_PathBeforeInsideOrInTheFence_AppliesToThatFile(string reply)
    {
        _tree.Write("src/app.py", "x = 1\n");

        var outcome = EditApplier.ApplyReply(_tree.Repo, reply);

        Assert.True(outcome.Applied, outcome.Describe());
        Assert.Equal("x = 2\n", _tree.Read("src/app.py"));
    }

    [Fact]
    public void SearchReplace_WithoutPathAfterAnotherBlock_ReusesThatBlocksFile()
    {
        _tree.Write("a.txt", "one\ntwo\n");

        var outcome = EditApplier.ApplyReply(_tree.Repo, "a.txt\n<<<<<<< SEARCH\none\n=======\n1\n>>>>>>> REPLACE\n\nAnd then:\n\n<<<<<<< SEARCH\ntwo\n=======\n2\n>>>>>>> REPLACE\n");

        Assert.True(outcome.Applied, outcome.Describe());
        Assert.Equal("1\n2\n", _tree.Read("a.txt"));
    }

    [Fact]
    public void SearchReplace_PathLineAndFenceNamingDifferentFiles_IsRefused()
    {
        _tree.Write("a.py", "x = 1\n");
        _tree.Write("b.py", "x = 1\n");

        var outcome = EditApplier.ApplyReply(_tree.Repo, "a.py\n```python b.py\n" + Block + "```\n");

        Assert.False(outcome.Applied);
        Assert.Contains("names two files, a.py", outcome.Describe(), StringComparison.Ordinal);
        Assert.Equal("x = 1\n", _tree.Read("b.py"));
    }

    [Fact]
    public void SearchReplace_SectionsQuotedInTheirOwnFences_AreUnwrapped()
    {
        _tree.Write("a.py", "x = 1\n");

        var outcome = EditApplier.ApplyReply(_tree.Repo, "a.py\n<<<<<<< SEARCH\n```python\nx = 1\n```\n=======\n```python\nx = 2\n```\n>>>>>>> REPLACE\n");

        Assert.True(outcome.Applied, outcome.Describe());
        Assert.Equal("x = 2\n", _tree.Read("a.py"));
    }

    public static TheoryData<string> DecoratedPaths => new()
    {
        "`src/app.py`",
        "**src/app.py**",
        "src/app.py:",
        "`src/app.py`:",
        "File: src/app.py",
        "Path: src/app.py",
        "**File:** `src/app.py`",
        "Filename: src/app.py",
        "# src/app.py",
        "### src/app.py",
        "// src/app.py",
        "<!-- src/app.py -->",
        "./src/app.py",
        "src/app.py (new file)",
        "src/app.py - new file",
        "- `src/app.py`",
        "1. **src/app.py** (new file)",
        "src/app\\_x.py",
        "src\\app.py",
    };

    [Theory]
    [MemberData(nameof(DecoratedPaths))]
    public void WholeFile_DecoratedPathLine_WritesTheFileWithoutDecorations(string pathLine)
    {
        var outcome = EditApplier.ApplyReply(_tree.Repo, pathLine + "\n```python\nprint('hi')\n```\n");

        Assert.True(outcome.Applied, outcome.Describe());
        var written = Assert.Single(outcome.ChangedPaths);
        Assert.Matches(@"^src/app(_x)?\.py$", written);
        Assert.Equal("print('hi')\n", _tree.Read(written));
    }

    [Theory]
    [InlineData("src/app.py (partial)")]
    [InlineData("src/app.py (excerpt)")]
    [InlineData("src/app.py (only the changed function)")]
    public void WholeFile_PathMarkedAsPartOfTheFile_IsRefused(string pathLine)
    {
        _tree.Write("src/app.py", "a = 1\nb = 2\n");

        var outcome = EditApplier.ApplyReply(_tree.Repo, pathLine + "\n```python\nb = 3\n```\n");

        Assert.False(outcome.Applied);
        Assert.Contains("replaces the whole file", outcome.Describe(), StringComparison.Ordinal);
        Assert.Equal("a = 1\nb = 2\n", _tree.Read("src/app.py"));
    }

    [Fact]
    public void WholeFile_LanguageTagAlone_NeverBecomesTheFileName()
    {
        var outcome = EditApplier.ApplyReply(_tree.Repo, "install.php\n```php\n<?php echo 1;\n```\n\nRun it:\n\n```sh\nphp install.php\n```\n");

        Assert.True(outcome.Applied, outcome.Describe());
        Assert.Equal(["install.php"], outcome.ChangedPaths);
    }

    [Fact]
    public void WholeFile_FileNameEndingASentence_IsProseNotAPath()
    {
        var outcome = EditApplier.ApplyReply(_tree.Repo, "Install the packages listed in\nrequirements.txt\n```bash\npip install -r requirements.txt\n```\n");

        Assert.False(outcome.Applied);
        Assert.Contains("no edit blocks", outcome.Describe(), StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_tree.Repo));
    }

    [Fact]
    public void WholeFile_PathOnlyInsideTheBlock_IsRefusedWithTheRightLayout()
    {
        var outcome = EditApplier.ApplyReply(_tree.Repo, "```python\n# src/app.py\nprint('hi')\n```\n");

        Assert.False(outcome.Applied);
        Assert.Contains("names its file only inside the block", outcome.Describe(), StringComparison.Ordinal);
        Assert.Contains("````", outcome.Describe(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("### Changes to src/app.py")]
    [InlineData("Add this to src/app.py:")]
    [InlineData("Here is the new `src/app.py`:")]
    public void WholeFile_NamedOnlyInAHeadingOrSentence_IsRefusedRatherThanSkipped(string lead)
    {
        _tree.Write("src/app.py", "print(0)\n");

        var outcome = EditApplier.ApplyReply(_tree.Repo, lead + "\n```python\nprint(1)\n```\n\nsrc/other.py\n```python\nprint(2)\n```\n");

        Assert.False(outcome.Applied);
        Assert.Contains("names its file (src/app.py) only in the sentence before it", outcome.Describe(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_tree.Repo, "src/other.py")));
    }

    [Fact]
    public void WholeFile_NoFileNameAnywhere_IsNeverCreatedWithMarkupCharacters()
    {
        var outcome = EditApplier.ApplyReply(_tree.Repo, "Here is **the new file**:\n```\ncontent\n```\n");

        Assert.False(outcome.Applied);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_tree.Repo));
    }

    [Fact]
    public void WholeFile_MarkdownWithLabelledSamplesInThreeBackticks_KeepsTheWholeFile()
    {
        const string readme = "# Demo\n\n```bash\nnpm install\n```\n\nThen:\n\n```js\nrun();\n```\n";

        var outcome = EditApplier.ApplyReply(_tree.Repo, "README.md\n```markdown\n" + readme + "```\n\nDone.\n");

        Assert.True(outcome.Applied, outcome.Describe());
        Assert.Equal(readme, _tree.Read("README.md"));
    }

    [Fact]
    public void WholeFile_MarkdownWithBareSamplesInThreeBackticks_AsksForFourInsteadOfCutting()
    {
        _tree.Write("README.md", "# Old\n");

        var outcome = EditApplier.ApplyReply(_tree.Repo, "README.md\n```\n# Demo\n\n```\nmake run\n```\n\nMore text.\n```\n");

        Assert.False(outcome.Applied);
        Assert.Contains("four backticks", outcome.Describe(), StringComparison.Ordinal);
        Assert.Equal("# Old\n", _tree.Read("README.md"));
    }

    [Fact]
    public void WholeFile_DiffFenceUnderAPath_IsAppliedAsADiffNeverWrittenAsContent()
    {
        _tree.Write("src/app.py", "a = 1\nb = 2\n");

        var applied = EditApplier.ApplyReply(_tree.Repo, "src/app.py\n```diff\n a = 1\n-b = 2\n+b = 3\n```\n");
        var empty = EditApplier.ApplyReply(_tree.Repo, "src/app.py\n```diff\na = 1\nb = 3\n```\n");

        Assert.True(applied.Applied, applied.Describe());
        Assert.Equal("a = 1\nb = 3\n", _tree.Read("src/app.py"));
        Assert.False(empty.Applied);
        Assert.Contains("never writes a diff as a file's content", empty.Describe(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("think")]
    [InlineData("thinking")]
    [InlineData("reasoning")]
    [InlineData("THINK")]
    public void Reply_ReasoningBlockWithDraftEdits_IsIgnored(string tag)
    {
        _tree.Write("a.txt", "one\n");
        var reply = $"<{tag}>\nDraft:\na.txt\n<<<<<<< SEARCH\none\n=======\nWRONG\n>>>>>>> REPLACE\nb.txt\n```\nwrong\n```\n</{tag}>\n\na.txt\n<<<<<<< SEARCH\none\n=======\n1\n>>>>>>> REPLACE\n";

        var outcome = EditApplier.ApplyReply(_tree.Repo, reply);

        Assert.True(outcome.Applied, outcome.Describe());
        Assert.Equal(["a.txt"], outcome.ChangedPaths);
        Assert.Equal("1\n", _tree.Read("a.txt"));
    }

    [Fact]
    public void Reply_ProseBeforeBetweenAndAfterBlocks_IsIgnored()
    {
        _tree.Write("a.txt", "one\n");
        const string reply = "Sure! Two changes.\n\nFirst the value:\n\na.txt\n```\n<<<<<<< SEARCH\none\n=======\n1\n>>>>>>> REPLACE\n```\n\nThen a new file:\n\nb.txt\n```\nbee\n```\n\nRun `make test` afterwards:\n\n```sh\nmake test\n```\n\nLet me know!";

        var outcome = EditApplier.ApplyReply(_tree.Repo, reply);

        Assert.True(outcome.Applied, outcome.Describe());
        Assert.Equal(["a.txt", "b.txt"], outcome.ChangedPaths);
        Assert.Equal("bee\n", _tree.Read("b.txt"));
    }

    [Theory]
    [InlineData("<<<<<<<SEARCH")]
    [InlineData("<<< SEARCH")]
    [InlineData("<<<<<<< search")]
    public void SearchReplace_NearMissMarker_IsReportedWithTheExactMarker(string marker)
    {
        _tree.Write("a.txt", "one\n");

        var outcome = EditApplier.ApplyReply(_tree.Repo, $"a.txt\n{marker}\none\n=======\n1\n>>>>>>> REPLACE\n");

        Assert.False(outcome.Applied);
        Assert.Contains("<<<<<<< SEARCH", outcome.Describe(), StringComparison.Ordinal);
        Assert.Equal("one\n", _tree.Read("a.txt"));
    }

    [Fact]
    public void Reply_InAnUnknownLayout_GetsAnExampleOfEachLayout()
    {
        var outcome = EditApplier.ApplyReply(_tree.Repo, "edit 2:2\n    return a + b\nend_of_edit\n");

        var message = outcome.Describe();
        Assert.Contains("no edit blocks", message, StringComparison.Ordinal);
        Assert.Contains(">>>>>>> REPLACE", message, StringComparison.Ordinal);
        Assert.Contains("DELETE path/to/file.ext", message, StringComparison.Ordinal);
    }

    [Fact]
    public void WholeFile_PlaceholderFolderOfTheExample_IsRefusedWithTheRealFile()
    {
        _tree.Write("src/sample.txt", "old\n");

        var outcome = EditApplier.ApplyReply(_tree.Repo, "path/to/sample.txt\n```\nnew\n```\n");

        Assert.False(outcome.Applied);
        Assert.Contains("did you mean src/sample.txt", outcome.Describe(), StringComparison.Ordinal);
    }

    public void Dispose() => _tree.Dispose();
}
