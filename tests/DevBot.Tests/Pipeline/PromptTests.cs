using DevBot.Grains.Agents;
using DevBot.Workspace.Todo;

namespace DevBot.Tests.Pipeline;

/// <summary>Prompts are filled from templates only, and the implementer's prompt stays inside its budget.</summary>
public sealed class PromptTests
{
    private static readonly PromptLibrary Prompts = new();

    [Fact]
    public void Render_LeavesTheProjectsOwnBracesAlone()
    {
        // A Jinja/Vue project quotes {{ name }} in its files, and a file may even contain a placeholder's name.
        var files = "<p>{{ user.name }}</p>\n{{files}} {{title}}";
        var prompt = ImplementerPrompt.Build(Prompts, 6000, "Notes {{itemId}}", new TodoItem("1.1", "Render {{ greeting }}", false, 0, 0, 0),
            "arch", "map", "related", files);

        Assert.Contains(files, prompt, StringComparison.Ordinal);
        Assert.Contains("Notes {{itemId}}", prompt, StringComparison.Ordinal);
        Assert.Contains("Render {{ greeting }}", prompt, StringComparison.Ordinal);
        Assert.Equal(1, Occurrences(prompt, "{{files}}"));
    }

    [Theory]
    [InlineData("architect.questions.v3", 2)]
    [InlineData("architect.verify.v3", 2)]
    [InlineData("architect.diagnose.v2", 1)]
    public void JsonPromptExamples_AreAnswersTheParserAccepts(string template, int examples)
    {
        // A prompt's example is what models copy: it must pass the very checks their answers face.
        var lines = Prompts.Text(template).Split('\n').Where(l => l.StartsWith("{\"", StringComparison.Ordinal)).ToList();

        Assert.Equal(examples, lines.Count);
        foreach (var line in lines)
        {
            _ = template switch
            {
                "architect.questions.v3" => (object)StructuredAnswers.ParseQuestions(line, 5),
                "architect.verify.v3" => StructuredAnswers.ParseVerdict(line),
                _ => StructuredAnswers.ParseFixes(line),
            };
        }
    }

    [Fact]
    public void ImplementerExamples_AreEditsTheParserReads_ASearchReplaceANewFileAndADeletion()
    {
        var parsed = DevBot.Workspace.Edits.EditParser.Parse(Prompts.Text(ImplementerPrompt.SystemTemplate));

        Assert.Empty(parsed.Problems);
        Assert.Collection(parsed.Blocks,
            b => Assert.Equal("src/notes/store.py", Assert.IsType<DevBot.Workspace.Edits.SearchReplaceBlock>(b).Path),
            b => Assert.Contains("def test_empty_title_is_rejected", Assert.IsType<DevBot.Workspace.Edits.WholeFileBlock>(b).Content, StringComparison.Ordinal),
            b => Assert.Equal("path/of/the/file.ext", Assert.IsType<DevBot.Workspace.Edits.DeleteFileBlock>(b).Path));
    }

    [Fact]
    public void ImplementerPrompt_PutsTheItemLast_SoItsStablePartsCanBeCached()
    {
        var first = ImplementerPrompt.Build(Prompts, 6000, "Notes", new TodoItem("1.1", "Store", false, 0, 0, 0), "arch", "map", "a", "b");
        var second = ImplementerPrompt.Build(Prompts, 6000, "Notes", new TodoItem("1.2", "Tests", false, 0, 0, 0), "arch", "map", "c", "d");

        var shared = first.Zip(second).TakeWhile(p => p.First == p.Second).Count();
        Assert.True(shared >= first.IndexOf("Implement this TODO item", StringComparison.Ordinal), $"only {shared} characters in common");
    }

    [Fact]
    public void Render_RefusesATemplatePlaceholderWithoutAValue()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Prompts.Render(ImplementerPrompt.ItemTemplate, new Dictionary<string, string> { ["itemId"] = "1.1" }));
        Assert.Contains("unfilled placeholder", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(6000)]
    [InlineData(32000)]
    public void ImplementerPrompt_StaysWithinTheContextBudget_HoweverLargeTheProject(int contextTokens)
    {
        var huge = new string('x', 4_000_000);
        var prompt = ImplementerPrompt.Build(Prompts, contextTokens, huge, new TodoItem("9.99", huge, false, 0, 0, 0), huge, huge, huge, huge);
        var total = Prompts.Text(ImplementerPrompt.SystemTemplate).Length + prompt.Length;

        Assert.True(total / 4 <= contextTokens, $"{total / 4} tokens for a budget of {contextTokens}");
        // The budget is used, not wasted: the files the item names get the largest share.
        Assert.True(total / 4 > contextTokens * 3 / 4, $"only {total / 4} of {contextTokens} tokens used");
        Assert.Contains("characters left out to stay within the context budget", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void ImplementerPrompt_KeepsSmallContextWhole()
    {
        var prompt = ImplementerPrompt.Build(Prompts, 6000, "Notes", new TodoItem("1.2", "Add `notes/cli.py`", false, 0, 0, 0),
            "Python 3 CLI", "notes/cli.py: main()", "notes/store.py:1-9", "--- notes/cli.py\nprint('hi')");

        foreach (var part in new[] { "Python 3 CLI", "notes/cli.py: main()", "notes/store.py:1-9", "print('hi')", "Add `notes/cli.py`" })
        {
            Assert.Contains(part, prompt, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("left out", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void Budget_DoesNotSplitASurrogatePair()
    {
        var text = "abc" + "😀" + new string('z', 40);
        var cut = AgentKit.Budget(text, 1);
        Assert.StartsWith("abc", cut, StringComparison.Ordinal);
        Assert.False(char.IsHighSurrogate(cut[3]), "a lone high surrogate was left at the cut");
    }

    private static int Occurrences(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
