using System.Text.Json;
using Microsoft.Extensions.AI;

namespace DevBot.Gateway;

/// <summary>
/// A deliberately high estimate of a prompt's tokens (few characters per token, plus per-message overhead and the
/// tool definitions), used only to size the reservation before a request is sent.
/// </summary>
public static class TokenEstimator
{
    private const int PerMessageOverhead = 4;

    public static long Estimate(IEnumerable<ChatMessage> messages, ChatOptions? options, int charactersPerToken)
    {
        long characters = 0;
        long count = 0;
        foreach (var message in messages)
        {
            count++;
            foreach (var content in message.Contents)
            {
                characters += content switch
                {
                    TextContent text => text.Text?.Length ?? 0,
                    FunctionCallContent functionCall => functionCall.Name.Length + JsonSerializer.Serialize(functionCall.Arguments).Length,
                    FunctionResultContent result => result.Result?.ToString()?.Length ?? 0,
                    _ => 0,
                };
            }
        }

        foreach (var tool in options?.Tools ?? [])
        {
            characters += tool.Name.Length + (tool.Description?.Length ?? 0) + (tool is AIFunction function ? function.JsonSchema.GetRawText().Length : 0);
        }

        return count * PerMessageOverhead + (characters + charactersPerToken - 1) / charactersPerToken;
    }

    public static long Estimate(IEnumerable<string> inputs, int charactersPerToken) =>
        inputs.Sum(i => (long)(i.Length + charactersPerToken - 1) / charactersPerToken + 1);
}
