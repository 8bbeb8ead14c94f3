using DevBot.CodeIndex;
using Microsoft.Extensions.AI;

namespace DevBot.Tests.CodeIndex;

/// <summary>The local embedder, counting every text it is asked to embed.</summary>
public sealed class CountingEmbedder : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly LocalHashEmbedder _inner = new();

    public int Texts { get; private set; }

    public List<string> Embedded { get; } = [];

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = values.ToList();
        Texts += list.Count;
        Embedded.AddRange(list);
        return _inner.GenerateAsync(list, options, cancellationToken);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
