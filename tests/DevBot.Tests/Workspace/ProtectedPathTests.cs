using DevBot.Tests.Infrastructure;
using DevBot.Workspace.Edits;

namespace DevBot.Tests.Workspace;

/// <summary>The plan files DevBot keeps itself cannot be edited, rewritten or deleted by a model's reply.</summary>
public sealed class ProtectedPathTests : IDisposable
{
    private const string Todo = "# TODO\n\n## Phase 1: Core\n- [ ] 1.1 Do it\n";

    private readonly TempTree _tree = new();

    public ProtectedPathTests()
    {
        _tree.Write("TODO.md", Todo);
        _tree.Write("docs/architecture.md", "# Architecture\n");
        _tree.Write("docs/requirements.md", "# Requirements\n");
        _tree.Write("src/app.py", "x = 1\n");
    }

    public static TheoryData<string> ProtectedEdits => new()
    {
        "TODO.md\n````markdown\n# TODO\n\n## Phase 1: Core\n- [x] 1.1 Do it\n````\n",
        "todo.md\n````\n# TODO\n- [x] 1.1 Do it\n````\n",
        "Todo.MD\n````\n# TODO\n````\n",
        "DELETE TODO.md",
        "TODO.md\n<<<<<<< SEARCH\n- [ ] 1.1 Do it\n=======\n- [x] 1.1 Do it\n>>>>>>> REPLACE\n",
        "docs/architecture.md\n<<<<<<< SEARCH\n# Architecture\n=======\n# Architecture v2\n>>>>>>> REPLACE\n",
        "DELETE docs/requirements.md",
        "./DOCS/Requirements.md\n````\nnothing\n````\n",
        "```diff\n--- a/TODO.md\n+++ b/TODO.md\n@@ -4 +4 @@\n-- [ ] 1.1 Do it\n+- [x] 1.1 Do it\n```\n",
    };

    [Theory]
    [MemberData(nameof(ProtectedEdits))]
    public void Reply_TouchingAPlanFile_IsRefusedAndNothingIsWritten(string planEdit)
    {
        var before = Snapshot();

        var outcome = EditApplier.ApplyReply(_tree.Repo, "src/app.py\n<<<<<<< SEARCH\nx = 1\n=======\nx = 2\n>>>>>>> REPLACE\n\n" + planEdit);

        Assert.False(outcome.Applied);
        var failure = Assert.Single(outcome.Failures);
        Assert.Contains("is protected", failure.Message, StringComparison.Ordinal);
        Assert.Contains("marks TODO items done", failure.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void DefaultOptions_ProtectTheTodoAndThePlanDocuments()
    {
        var options = new EditOptions(2048);

        Assert.True(options.IsProtected("TODO.md"));
        Assert.True(options.IsProtected("todo.md"));
        Assert.True(options.IsProtected("docs/API_Documentation.md"));
        Assert.True(options.IsProtected("docs/deployment_guide.md"));
        Assert.False(options.IsProtected("docs/notes.md"));
        Assert.False(options.IsProtected("src/TODO.md"));
    }

    [Fact]
    public void ProtectedFile_ThatDoesNotExistYet_MayBeCreated()
    {
        File.Delete(Path.Combine(_tree.Repo, "TODO.md"));

        var outcome = EditApplier.ApplyReply(_tree.Repo, "TODO.md\n````markdown\n" + Todo + "````\n");

        Assert.True(outcome.Applied, outcome.Describe());
        Assert.Equal(Todo, _tree.Read("TODO.md"));
    }

    [Fact]
    public void Options_WithoutProtectedPaths_AllowRewritingThePlan()
    {
        var outcome = EditApplier.ApplyReply(_tree.Repo, "TODO.md\n````markdown\n# TODO v2\n````\n", new EditOptions { ProtectedPaths = EditOptions.NoProtectedPaths });

        Assert.True(outcome.Applied, outcome.Describe());
        Assert.Equal("# TODO v2\n", _tree.Read("TODO.md"));
    }

    [Fact]
    public void Options_WithOwnProtectedPaths_ProtectThoseInstead()
    {
        var options = new EditOptions { ProtectedPaths = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "src/app.py" } };

        var app = EditApplier.ApplyReply(_tree.Repo, "DELETE src/app.py", options);
        var todo = EditApplier.ApplyReply(_tree.Repo, "DELETE TODO.md", options);

        Assert.False(app.Applied);
        Assert.True(todo.Applied, todo.Describe());
    }

    private SortedDictionary<string, string> Snapshot() =>
        new(Directory.EnumerateFiles(_tree.Repo, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllText), StringComparer.Ordinal);

    public void Dispose() => _tree.Dispose();
}
