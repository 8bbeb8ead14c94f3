using DevBot.Gateway;
using Microsoft.Extensions.AI;

namespace DevBot.Tests.Gateway;

/// <summary>What a prompt over its model's window loses first, and what it never loses.</summary>
public sealed class ContextTrimmerTests
{
    [Fact]
    public void Trim_ARetriedConversation_DropsOldToolResultsThenEarlierTriesButNeverTheInstructionsOrTheLatestTurn()
    {
        var messages = new List<ChatMessage>
        {
            new(ChatRole.System, "RULES " + new string('s', 300)),
            new(ChatRole.User, "TASK " + new string('t', 300)),
            new(ChatRole.Assistant, [new FunctionCallContent("c1", "read_file", new Dictionary<string, object?> { ["path"] = "a.py" })]),
            new(ChatRole.Tool, [new FunctionResultContent("c1", new string('f', 900))]),
            new(ChatRole.Assistant, "FIRST ANSWER " + new string('a', 600)),
            new(ChatRole.User, "FIRST FEEDBACK " + new string('b', 600)),
            new(ChatRole.Assistant, "SECOND ANSWER"),
            new(ChatRole.User, "SECOND FEEDBACK"),
        };
        var full = TokenEstimator.Estimate(messages, null, 3);

        var (onlyTools, toolsTokens, toolsLeftOut) = ContextTrimmer.Trim(messages, null, full - 200, 3);
        Assert.Equal(1, toolsLeftOut);
        Assert.Equal(messages.Count, onlyTools.Count);
        Assert.Equal(ContextTrimmer.LeftOutNote, onlyTools[3].Contents.OfType<FunctionResultContent>().Single().Result);
        Assert.Equal("c1", onlyTools[3].Contents.OfType<FunctionResultContent>().Single().CallId);
        Assert.True(toolsTokens <= full - 200);
        Assert.Contains("FIRST ANSWER", string.Join('\n', onlyTools.Select(m => m.Text)), StringComparison.Ordinal);

        var (trimmed, tokens, leftOut) = ContextTrimmer.Trim(messages, null, 250, 3);
        var text = string.Join('\n', trimmed.Select(m => m.Text));
        Assert.Equal(3, leftOut);
        Assert.DoesNotContain("FIRST ANSWER", text, StringComparison.Ordinal);
        Assert.DoesNotContain("FIRST FEEDBACK", text, StringComparison.Ordinal);
        foreach (var kept in new[] { "RULES", "TASK", "SECOND ANSWER", "SECOND FEEDBACK" })
        {
            Assert.Contains(kept, text, StringComparison.Ordinal);
        }

        // Nothing more can go: the budget is below the instructions, and the caller is told how far it got.
        Assert.True(tokens > 250);
        Assert.Equal(tokens, TokenEstimator.Estimate(trimmed, null, 3));
        // The caller's conversation is left as it was.
        Assert.Equal(8, messages.Count);
        Assert.Equal(900, messages[3].Contents.OfType<FunctionResultContent>().Single().Result!.ToString()!.Length);
    }
}
