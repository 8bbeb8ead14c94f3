using Microsoft.Extensions.AI;

namespace DevBot.Gateway;

/// <summary>
/// Who pays for a model request and what it is for. <paramref name="CallId"/> is derived from the project step, so a
/// retried step reuses it and is never billed twice; every HTTP request of a tool loop adds its position to it.
/// </summary>
public sealed record ModelCall(long UserId, Guid? ProjectId, string CallId, string TaskType)
{
    private const string PropertyKey = "devbot.model_call";

    /// <summary>Options for a request billed to this call.</summary>
    public ChatOptions Apply(ChatOptions? options = null)
    {
        options ??= new ChatOptions();
        options.AdditionalProperties ??= [];
        options.AdditionalProperties[PropertyKey] = this;
        return options;
    }

    public EmbeddingGenerationOptions Apply(EmbeddingGenerationOptions? options)
    {
        options ??= new EmbeddingGenerationOptions();
        options.AdditionalProperties ??= [];
        options.AdditionalProperties[PropertyKey] = this;
        return options;
    }

    public static ModelCall From(ChatOptions? options) => Find(options?.AdditionalProperties);

    public static ModelCall From(EmbeddingGenerationOptions? options) => Find(options?.AdditionalProperties);

    private static ModelCall Find(AdditionalPropertiesDictionary? properties) =>
        properties is not null && properties.TryGetValue(PropertyKey, out var value) && value is ModelCall call
            ? call
            : throw new InvalidOperationException("A model request must say who pays for it: pass options from ModelCall.Apply.");
}
