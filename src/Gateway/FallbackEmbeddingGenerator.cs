using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace DevBot.Gateway;

/// <summary>The embedding role's models in order (see <see cref="RoleFallback"/>).</summary>
internal sealed class FallbackEmbeddingGenerator(IReadOnlyList<(ModelRef Model, IEmbeddingGenerator<string, Embedding<float>> Generator)> candidates, ILogger logger)
    : IEmbeddingGenerator<string, Embedding<float>>
{
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var inputs = values as IReadOnlyList<string> ?? values.ToList();
        return await RoleFallback.AskInOrderAsync(candidates, generator => generator.GenerateAsync(inputs, options, cancellationToken), logger, "embedding");
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType.IsInstanceOfType(this) ? this : candidates.Count > 0 ? candidates[0].Generator.GetService(serviceType, serviceKey) : null;

    public void Dispose()
    {
        // The candidates are shared, cached pipelines owned by the gateway.
    }
}
