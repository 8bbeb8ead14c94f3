using Microsoft.Extensions.AI;

namespace DevBot.Gateway;

/// <summary>Embeddings through the key-rotating, retrying runner; a vector count that does not match is malformed.</summary>
internal sealed class ResilientEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, KeyedAttemptRunner runner)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var inputs = values as IReadOnlyList<string> ?? values.ToList();
        return runner.RunAsync(async token =>
        {
            var result = await base.GenerateAsync(inputs, options, token);
            if (result.Count != inputs.Count || result.Any(e => e.Vector.Length == 0))
            {
                throw new MalformedAnswerException($"Asked for {inputs.Count} embeddings, got {result.Count}.");
            }

            return result;
        }, cancellationToken);
    }
}
