using DevBot.GrainInterfaces.Pricing;
using Microsoft.Extensions.AI;

namespace DevBot.Gateway;

/// <summary>
/// Leaves a request's JSON schema (<see cref="ChatOptions.ResponseFormat"/>) out for a model that does not take one, so a
/// role can fall back across providers with one set of options. A model takes one when its provider always does
/// (<see cref="ProviderOptions.StructuredOutput"/>: Gemini's endpoint) or the catalogue says so (OpenRouter's
/// <c>supported_parameters</c>, read by the pricing sync).
/// </summary>
internal sealed class StructuredOutputChatClient(IChatClient inner, ModelRef model, bool providerTakesSchemas, IGrainFactory grains) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        await base.GetResponseAsync(messages, await AdaptAsync(options), cancellationToken);

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("DevBot's model requests are not streamed.");

    private async Task<ChatOptions?> AdaptAsync(ChatOptions? options)
    {
        if (options?.ResponseFormat is not ChatResponseFormatJson || providerTakesSchemas
            || await grains.GetGrain<IModelPricingGrain>(IModelPricingGrain.CatalogKey).TakesJsonSchemaAsync(model.Provider, model.Model))
        {
            return options;
        }

        var adapted = options.Clone();
        adapted.ResponseFormat = null;
        return adapted;
    }
}
