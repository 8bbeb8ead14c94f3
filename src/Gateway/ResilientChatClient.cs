using Microsoft.Extensions.AI;

namespace DevBot.Gateway;

/// <summary>Sends each request through the key-rotating, retrying runner; an empty answer counts as malformed.</summary>
internal sealed class ResilientChatClient(IChatClient inner, KeyedAttemptRunner runner) : DelegatingChatClient(inner)
{
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        return runner.RunAsync(async token =>
        {
            var response = await base.GetResponseAsync(list, options, token);
            if (response.Messages.Count == 0 || response.Messages.All(m => m.Contents.Count == 0))
            {
                throw new MalformedAnswerException("The answer has no message.");
            }

            return response;
        }, cancellationToken);
    }

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("DevBot meters and retries whole answers; streaming is not used.");
}
