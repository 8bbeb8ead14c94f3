using DevBot.Workspace.Todo;

namespace DevBot.Tests.Workspace;

public sealed class TodoDocumentTests
{
    private const string Plan = """
        # TODO — Notes API

        Some intro text that must survive *exactly*.

        ## Phase 1: Setup
        - [ ] 1.1 Create `pyproject.toml` (files: pyproject.toml; check: `pip install -e .` works)
        - [x] 1.2 Add README skeleton
          - [ ] 1.2.1 Usage section

        ## Phase 2: API
        * [ ] 2.1 Implement `POST /notes` (files: app/api.py; check: test_create passes)
        * [ ] Add pagination
        ```
        - [ ] this is an example in a code block, not an item
        ```

        Trailing paragraph.
        """;

    [Theory]
    [InlineData(Plan)]
    [InlineData("- [ ] lone item without heading\n- [X] done one")]
    [InlineData("## Empty phase\n\n## Another\nno items here\n")]
    [InlineData("# Title\r\n\r\n## P1\r\n- [ ] 1.1 crlf item\r\n")]
    [InlineData("")]
    public void Parse_ThenRender_IsByteForByteIdentical(string markdown)
    {
        Assert.Equal(markdown, TodoDocument.Parse(markdown).Render());
    }

    [Fact]
    public void Parse_ReadsPhasesItemsIdsAndProgress()
    {
        var todo = TodoDocument.Parse(Plan);

        Assert.Equal(["TODO — Notes API", "Phase 1: Setup", "Phase 2: API"], todo.Phases.Select(p => p.Title));
        Assert.Equal(["1.1", "1.2", "1.2.1", "2.1", "3.2"], todo.Items.Select(i => i.Id));
        Assert.Equal(1, todo.Items.Single(i => i.Id == "1.2.1").Depth);
        Assert.Equal((1, 3), (todo.Phases[1].Done, todo.Phases[1].Total));
        Assert.Equal((1, 5), (todo.Done, todo.Total));
        Assert.Equal("1.1", todo.NextOpen()!.Id);
    }

    [Fact]
    public void MarkDone_ChangesOnlyThatCheckbox()
    {
        var todo = TodoDocument.Parse(Plan);

        Assert.True(todo.MarkDone("2.1"));
        Assert.False(todo.MarkDone("9.9"));

        var expected = Plan.Replace("* [ ] 2.1 Implement", "* [x] 2.1 Implement", StringComparison.Ordinal);
        Assert.Equal(expected, todo.Render());
        Assert.True(todo.Find("2.1")!.Done);
    }

    [Fact]
    public void Append_AddsReviewSectionAndKeepsEverythingElse()
    {
        var todo = TodoDocument.Parse(Plan);

        var added = todo.Append("Review findings", "R1", ["Validate note length (files: app/api.py; check: test_long_note)", "Return 404 for unknown ids"]);
        var more = todo.Append("Review findings", "R1", ["Document errors"]);

        Assert.Equal(["R1.1", "R1.2"], added.Select(i => i.Id));
        Assert.Equal("R1.3", Assert.Single(more).Id);
        var rendered = todo.Render();
        Assert.StartsWith(Plan.TrimEnd(), rendered, StringComparison.Ordinal);
        Assert.EndsWith("## Review findings\n\n- [ ] R1.1 Validate note length (files: app/api.py; check: test_long_note)\n- [ ] R1.2 Return 404 for unknown ids\n- [ ] R1.3 Document errors", rendered, StringComparison.Ordinal);
        Assert.Equal(8, TodoDocument.Parse(rendered).Total);
    }

    [Fact]
    public void Crlf_IsKeptWhenMarkingAndAppending()
    {
        var todo = TodoDocument.Parse("## P1\r\n- [ ] 1.1 first\r\n");

        todo.MarkDone("1.1");
        todo.Append("Review", "R1", ["second"]);

        Assert.Equal("## P1\r\n- [x] 1.1 first\r\n\r\n## Review\r\n\r\n- [ ] R1.1 second\r\n", todo.Render());
    }
}
