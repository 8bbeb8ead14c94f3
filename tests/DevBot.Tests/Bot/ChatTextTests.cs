using DevBot.Bot.Handling;
using DevBot.Bot.Text;

namespace DevBot.Tests.Bot;

/// <summary>Texts that fit Telegram, and buttons that cannot be forged into something else.</summary>
public sealed class ChatTextTests
{
    [Fact]
    public void Split_LongFormattedText_GivesWellFormedPartsWithinTheLimit_AndLosesNothing()
    {
        var paragraph = "<b>Phase</b> " + Html.Escape("a < b && c > d ") + "<code>" + new string('x', 300) + "</code>\n";
        var html = "<i>" + string.Concat(Enumerable.Repeat(paragraph, 40)) + "</i>";

        var parts = MessageSplitter.Split(html);

        Assert.True(parts.Count > 1);
        Assert.All(parts, p => Assert.True(p.Length <= MessageSplitter.TelegramLimit, $"{p.Length} characters"));
        Assert.All(parts, p =>
        {
            Assert.Equal(Count(p, "<i>"), Count(p, "</i>"));
            Assert.Equal(Count(p, "<code>"), Count(p, "</code>"));
            Assert.Equal(Count(p, "<b>"), Count(p, "</b>"));
            Assert.DoesNotMatch("&[a-z]*$", p);
        });
        Assert.Equal(Html.ToPlain(html).Replace("\n", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal),
            string.Concat(parts.Select(Html.ToPlain)).Replace("\n", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public void Split_OneEndlessWord_IsCutWithoutBreakingEntities()
    {
        var html = string.Concat(Enumerable.Repeat("&amp;", 2000));
        var parts = MessageSplitter.Split(html, 500);
        Assert.All(parts, p => Assert.Matches("^(&amp;)+$", p));
        Assert.Equal(2000, parts.Sum(p => Count(p, "&amp;")));
    }

    [Fact]
    public void Escape_UserTextCannotInjectMarkup()
    {
        Assert.Equal("&lt;b&gt;hi&lt;/b&gt; &amp;amp;", Html.Escape("<b>hi</b> &amp;"));
    }

    [Theory]
    [InlineData("go:0123456789abcdef0123456789abcdef", "go")]
    [InlineData("op:0123456789abcdef0123456789abcdef:2:1:a1b2c3", "op")]
    [InlineData("buy:1", "buy")]
    [InlineData("cr", "cr")]
    public void CallbackData_ParsesWhatTheBotWrites(string data, string verb)
    {
        Assert.Equal(verb, CallbackData.Parse(data)?.Verb);
    }

    [Theory]
    [InlineData("go:../../etc")]
    [InlineData("go:0123456789abcdef0123456789abcdef:extra")]
    [InlineData("op:0123456789abcdef0123456789abcdef:-1:1:a1b2c3")]
    [InlineData("op:0123456789abcdef0123456789abcdef:2:1")]
    [InlineData("op:0123456789abcdef0123456789abcdef:2:1:A1B2C3")]
    [InlineData("buy:99999")]
    [InlineData("drop:0123456789abcdef0123456789abcdef")]
    [InlineData("")]
    [InlineData(null)]
    public void CallbackData_RefusesAnythingElse(string? data)
    {
        Assert.Null(CallbackData.Parse(data));
    }

    [Fact]
    public void CallbackData_FitsTelegramsSixtyFourBytes()
    {
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(CallbackData.For(CallbackData.Option, Guid.NewGuid(), 999, 999, CallbackData.TagOf("Which platforms?"))) <= 64);
    }

    [Fact]
    public void ProgressBar_ShowsDoneOfTotal()
    {
        Assert.Equal("▰▰▰▱▱▱▱▱▱▱ 3/10", ProgressBar.Render(3, 10));
        Assert.Equal("▰▰▰▰▰▰▰▰▰▰ 5/5", ProgressBar.Render(5, 5));
    }

    private static int Count(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
