using Microsoft.Extensions.AI;

namespace DevBot.CodeIndex;

/// <summary>
/// An embedder that needs no model and no key: the text's terms (identifier sub-words and words, from
/// <see cref="CodeTokenizer"/>) and their adjacent pairs are hashed into a fixed number of signed buckets and the
/// vector is normalised. Deterministic, so an index built twice is identical; code sharing vocabulary lands close.
/// </summary>
public sealed class LocalHashEmbedder(int dimensions = 256) : IEmbeddingGenerator<string, Embedding<float>>
{
    public string Id => $"local-hash-v1-{dimensions}";

    public int Dimensions => dimensions;

    public float[] Embed(string text)
    {
        var vector = new float[dimensions];
        var terms = CodeTokenizer.Tokenize(text);
        for (var i = 0; i < terms.Count; i++)
        {
            AddTerm(vector, terms[i], 1f);
            if (i + 1 < terms.Count)
            {
                AddTerm(vector, terms[i] + " " + terms[i + 1], 0.5f);
            }
        }

        var norm = MathF.Sqrt(System.Numerics.Tensors.TensorPrimitives.SumOfSquares(vector));
        if (norm > 0)
        {
            System.Numerics.Tensors.TensorPrimitives.Divide(vector, norm, vector);
        }

        return vector;
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(v => new Embedding<float>(Embed(v)) { ModelId = Id })));

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    private void AddTerm(float[] vector, string term, float weight)
    {
        // FNV-1a: stable across processes and platforms, unlike string.GetHashCode.
        var hash = 14695981039346656037UL;
        foreach (var c in term)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        var bucket = (int)(hash % (ulong)dimensions);
        vector[bucket] += (hash >> 63) == 0 ? weight : -weight;
    }
}
