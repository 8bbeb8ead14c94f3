using Microsoft.Extensions.AI;

namespace DevBot.Gateway;

/// <summary>
/// Leaves a request's JSON schema (<see cref="ChatOptions.ResponseFormat"/>) out for a model whose provider does not take
/// one (<see cref="ProviderOptions.StructuredOutput"/>), so a role can fall back across providers with one set of options.
/// </summary>
internal sealed class StructuredOutputChatClient(IChatClient inner, bool supported) : DelegatingChatClient(inner)
{
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetResponseAsync(messages, Adapt(options), cancellationToken);

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default) =>
        base.GetStreamingResponseAsync(messages, Adapt(options), cancellationToken);

    private ChatOptions? Adapt(ChatOptions? options)
    {
        if (supported || options?.ResponseFormat is not ChatResponseFormatJson)
        {
            return options;
        }

        var adapted = options.Clone();
        adapted.ResponseFormat = null;
        return adapted;
    }
}
