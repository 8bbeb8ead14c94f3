using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace DevBot.Gateway;

/// <summary>
/// A role's models in order: when one is unavailable (every attempt failed) or unusable (no price, no provider),
/// the next one is asked. Anything the user must act on (credits, a rejected request) is not retried elsewhere.
/// </summary>
internal sealed class FallbackChatClient(IReadOnlyList<(ModelRef Model, IChatClient Client)> candidates, ILogger logger) : IChatClient
{
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        ModelGatewayException? last = null;
        foreach (var (model, client) in candidates)
        {
            try
            {
                return await client.GetResponseAsync(list, options, cancellationToken);
            }
            catch (Exception ex) when (ex is ModelUnavailableException or UnknownModelException)
            {
                last = (ModelGatewayException)ex;
                logger.LogWarning("{Model} failed ({Reason}); trying the next model of the role", model, ex.Message);
            }
        }

        throw (Exception?)last ?? new InvalidOperationException("No models to try.");
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
