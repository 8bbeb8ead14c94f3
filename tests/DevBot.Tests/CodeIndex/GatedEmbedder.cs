using DevBot.CodeIndex;
using Microsoft.Extensions.AI;

namespace DevBot.Tests.CodeIndex;

/// <summary>The local embedder, but a batch holding <see cref="Marker"/> waits until <see cref="Release"/>: an embedding in progress, held still.</summary>
public sealed class GatedEmbedder(string marker) : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly LocalHashEmbedder _inner = new();
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Marker => marker;

    public Task Entered => _entered.Task;

    public void Release() => _released.TrySetResult();

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = values.ToList();
        if (list.Any(v => v.Contains(marker, StringComparison.Ordinal)))
        {
            _entered.TrySetResult();
            await _released.Task.WaitAsync(cancellationToken);
        }

        return await _inner.GenerateAsync(list, options, cancellationToken);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
