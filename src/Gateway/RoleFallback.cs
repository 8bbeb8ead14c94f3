using Microsoft.Extensions.Logging;

namespace DevBot.Gateway;

/// <summary>
/// Asks a role's models in order: when one is unavailable (every attempt failed) or unusable (no price, no
/// provider), the next one is asked. Anything the user must act on (credits, a rejected request) is not retried
/// elsewhere. Shared by <see cref="FallbackChatClient"/> and <see cref="FallbackEmbeddingGenerator"/>.
/// </summary>
internal static class RoleFallback
{
    public static async Task<TResult> AskInOrderAsync<TClient, TResult>(
        IReadOnlyList<(ModelRef Model, TClient Client)> candidates, Func<TClient, Task<TResult>> ask, ILogger logger, string role)
    {
        ModelGatewayException? last = null;
        foreach (var (model, client) in candidates)
        {
            try
            {
                return await ask(client);
            }
            catch (Exception ex) when (ex is ModelUnavailableException or UnknownModelException)
            {
                last = (ModelGatewayException)ex;
                logger.LogWarning("{Model} failed ({Reason}); trying the next {Role} model", model, ex.Message, role);
            }
        }

        // Event 9104 (RoleUnavailable) is an operator alert: the silo turns it into an incident sent to operators.
        logger.LogError(new EventId(9104, "RoleUnavailable"), "Operator alert: no {Role} model is working ({Reason})", role, last?.Message ?? "none configured");
        throw (Exception?)last ?? new InvalidOperationException($"No {role} models to try.");
    }
}
