using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace DevBot.Gateway;

/// <summary>A role's chat models in order (see <see cref="RoleFallback"/>).</summary>
internal sealed class FallbackChatClient(IReadOnlyList<(ModelRef Model, IChatClient Client)> candidates, ILogger logger) : IChatClient
{
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        return await RoleFallback.AskInOrderAsync(candidates, client => client.GetResponseAsync(list, options, cancellationToken), logger, "chat");
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("DevBot meters and retries whole answers; streaming is not used.");

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType.IsInstanceOfType(this) ? this : candidates.Count > 0 ? candidates[0].Client.GetService(serviceType, serviceKey) : null;

    public void Dispose()
    {
        // The candidates are shared, cached pipelines owned by the gateway.
    }
}
