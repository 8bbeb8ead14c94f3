using Microsoft.Extensions.AI;

namespace DevBot.Gateway;

/// <summary>
/// Makes a conversation fit a token budget by leaving out what matters least, in this order: the results of earlier
/// tool calls (retrieved code, file reads: oldest first, the call itself kept so the model may ask again), then earlier
/// tries of a retried answer (an old answer and the feedback on it, oldest first; the latest try stays). The system
/// message and the first user message — the instructions and the task — are never touched, nor the latest turn.
/// </summary>
public static class ContextTrimmer
{
    public const string LeftOutNote = "[This tool result was left out to fit the model's context window; call the tool again if it is still needed.]";

    /// <summary>The conversation cut down to <paramref name="budget"/> tokens where it can be, and its estimate.</summary>
    public static (List<ChatMessage> Messages, long Tokens, int LeftOut) Trim(IReadOnlyList<ChatMessage> messages, ChatOptions? options, long budget, int charactersPerToken)
    {
        // Copies down to the contents lists: the caller's conversation (the tool loop's history) is left as it was.
        var list = messages.Select(m =>
        {
            var copy = m.Clone();
            copy.Contents = [.. m.Contents];
            return copy;
        }).ToList();
        var tokens = TokenEstimator.Estimate(list, options, charactersPerToken);
        var leftOut = 0;
        var protectedCount = ProtectedPrefix(list);

        // 1. Tool results, oldest first (the newest stays longest: the model is working from it).
        for (var i = protectedCount; i < list.Count && tokens > budget; i++)
        {
            var contents = list[i].Contents;
            for (var c = 0; c < contents.Count && tokens > budget; c++)
            {
                if (contents[c] is FunctionResultContent result && result.Result?.ToString() is { Length: > 0 } text && text != LeftOutNote)
                {
                    contents[c] = new FunctionResultContent(result.CallId, LeftOutNote);
                    leftOut++;
                    tokens = TokenEstimator.Estimate(list, options, charactersPerToken);
                }
            }
        }

        // 2. Earlier tries: a plain assistant answer and the user's feedback after it, oldest first, never the last two messages.
        for (var i = protectedCount; i + 1 < list.Count - 2 && tokens > budget;)
        {
            if (IsPlainAnswer(list[i]) && list[i + 1].Role == ChatRole.User)
            {
                list.RemoveRange(i, 2);
                leftOut += 2;
                tokens = TokenEstimator.Estimate(list, options, charactersPerToken);
            }
            else
            {
                i++;
            }
        }

        return (list, tokens, leftOut);
    }

    /// <summary>The system messages and the first user message: the instructions and the task.</summary>
    private static int ProtectedPrefix(List<ChatMessage> list)
    {
        var index = 0;
        while (index < list.Count && list[index].Role == ChatRole.System)
        {
            index++;
        }

        return index < list.Count && list[index].Role == ChatRole.User ? index + 1 : index;
    }

    private static bool IsPlainAnswer(ChatMessage message) =>
        message.Role == ChatRole.Assistant && message.Contents.All(c => c is TextContent);
}
