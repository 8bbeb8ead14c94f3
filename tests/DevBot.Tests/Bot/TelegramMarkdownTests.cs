using DevBot.Bot.Handling;
using DevBot.Bot.Text;
using DevBot.GrainInterfaces.Credits;

namespace DevBot.Tests.Bot;

/// <summary>
/// Model Markdown shown as Telegram HTML. The tags expected are those of Telegram's HTML parse mode
/// (https://core.telegram.org/bots/api#html-style: b, i, s, code, pre, a href); the inputs are CommonMark
/// constructs (https://spec.commonmark.org/0.31.2/: emphasis, code spans, fenced code, list items, links).
/// </summary>
public sealed class TelegramMarkdownTests
{
    [Theory]
    [InlineData("**Notes CLI** keeps *short* notes", "<b>Notes CLI</b> keeps <i>short</i> notes")]
    [InlineData("__bold__ and _italic_ and ~~gone~~", "<b>bold</b> and <i>italic</i> and <s>gone</s>")]
    [InlineData("run `notes add \"x\" < in.txt`", "run <code>notes add \"x\" &lt; in.txt</code>")]
    [InlineData("- add a note\n* search notes\n  + nested", "• add a note\n• search notes\n  • nested")]
    [InlineData("1. first\n2. second", "1. first\n2. second")]
    [InlineData("# Scope\n## Out of scope", "<b>Scope</b>\n<b>Out of scope</b>")]
    [InlineData("see [the docs](https://example.com/a?b=1&c=2)", "see <a href=\"https://example.com/a?b=1&amp;c=2\">the docs</a>")]
    [InlineData("**bold with *italic* inside**", "<b>bold with <i>italic</i> inside</b>")]
    public void ToHtml_CommonMarkdown_BecomesTelegramTags(string markdown, string html) =>
        Assert.Equal(html, TelegramMarkdown.ToHtml(markdown));

    [Theory]
    // Everything that is not formatting is escaped: a model cannot smuggle a tag in.
    [InlineData("<b>not bold</b> & <script>", "&lt;b&gt;not bold&lt;/b&gt; &amp; &lt;script&gt;")]
    // A marker without its partner stays a literal character.
    [InlineData("2 * 3 = 6 and **unclosed", "2 * 3 = 6 and **unclosed")]
    // snake_case names and file paths keep their underscores.
    [InlineData("edit my_notes_file.py and __init__", "edit my_notes_file.py and <b>init</b>")]
    [InlineData("store_notes_here", "store_notes_here")]
    // Only http(s) links become links; anything else is shown as text.
    [InlineData("[click](javascript:alert(1))", "click (javascript:alert(1))")]
    [InlineData("[x](https://a.example/\"onmouseover=)", "<a href=\"https://a.example/&quot;onmouseover=\">x</a>")]
    [InlineData("\\*not italic\\*", "*not italic*")]
    public void ToHtml_HostileOrOddInput_IsEscapedAndNeverUnbalanced(string markdown, string html)
    {
        var rendered = TelegramMarkdown.ToHtml(markdown);

        Assert.Equal(html, rendered);
        foreach (var tag in new[] { "b", "i", "s", "code", "pre", "a" })
        {
            Assert.Equal(Count(rendered, $"<{tag}>") + Count(rendered, $"<{tag} "), Count(rendered, $"</{tag}>"));
        }
    }

    [Fact]
    public void ToHtml_FencedCode_IsOneEscapedBlock_WithItsLanguage()
    {
        var html = TelegramMarkdown.ToHtml("Run:\n```bash\nnotes add \"a<b\" **x**\n```\nDone.");

        Assert.Equal("Run:\n<pre><code class=\"language-bash\">notes add \"a&lt;b\" **x**</code></pre>\nDone.", html);
    }

    [Fact]
    public void ToHtml_UnclosedFence_RunsToTheEnd()
    {
        Assert.Equal("<pre>a *b*\nc</pre>", TelegramMarkdown.ToHtml("```\na *b*\nc"));
    }

    [Fact]
    public void Questions_LongOptionsGetARowEach_WithoutNumberPrefixes()
    {
        var id = Guid.NewGuid();
        var questions = new List<DevBot.GrainInterfaces.Projects.ProjectQuestion>
        {
            new("q1", "storage", "Where should **notes** live?", ["A local JSON file in the home folder", "An SQLite database next to the program"]),
            new("q2", "tags", "Tags?", ["Yes", "No"]),
            new("q3", "colours", "Colours?", ["Yes", "No", "Later"]),
        };

        var (html, rows) = ProjectTexts.Questions(id, "A few questions:", questions);

        Assert.Contains("1. Where should <b>notes</b> live?", html, StringComparison.Ordinal);
        Assert.Equal(["A local JSON file in the home folder"], rows[0].Select(b => b.Label));
        Assert.Equal(["An SQLite database next to the program"], rows[1].Select(b => b.Label));
        // Short labels share a row; "Yes"/"No" answer two questions, so those say which.
        Assert.Equal(["2) Yes", "2) No"], rows[2].Select(b => b.Label));
        Assert.Equal(["3) Yes", "3) No", "Later"], rows[3].Select(b => b.Label));
        Assert.DoesNotContain(rows.SelectMany(r => r), b => b.Label.StartsWith("1:", StringComparison.Ordinal));
    }

    [Fact]
    public void Available_WithHolds_SaysWhatIsHeldAndWhy_InCreditsAndStars()
    {
        var text = ProjectTexts.Available(new CreditBalance(100m, 2.5m), new ChatMoney(0.8m));

        Assert.Equal("Credits available: 97.50 credits (≈ 78 ⭐) (2.50 of your 100.00 are held for model requests in progress; "
                     + "each is charged what it actually used when it ends, and the rest is released)", text);
        Assert.Equal("Credits available: 100.00 credits", ProjectTexts.Available(new CreditBalance(100m, 0m)));
    }

    private static int Count(string text, string what) => (text.Length - text.Replace(what, string.Empty, StringComparison.Ordinal).Length) / what.Length;
}
