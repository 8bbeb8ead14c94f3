using System.Numerics.Tensors;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace DevBot.CodeIndex;

/// <summary>
/// The in-memory index of one project: its chunks by file, their vectors, and a BM25 index. Updates take the
/// files that changed (null content = deleted): those files are re-chunked; chunks whose id (path + content hash)
/// is new are embedded, in batches; chunks that disappeared leave. Search fuses BM25 and vector rankings with
/// reciprocal rank fusion. Not thread-safe: its owner (a grain) serialises access.
/// </summary>
public sealed class CodeIndexer(IEmbeddingGenerator<string, Embedding<float>> embedder, string embedderId, int embedBatchSize = 64)
{
    private const int FusionK = 60;
    private readonly Dictionary<string, List<CodeChunk>> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CodeChunk> _chunks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, float[]> _vectors = new(StringComparer.Ordinal);
    private readonly Bm25Index _lexical = new();

    public string EmbedderId => embedderId;

    public int ChunkCount => _chunks.Count;

    public IReadOnlyCollection<string> Files => _files.Keys;

    public IEnumerable<CodeChunk> Chunks => _chunks.Values;

    public float[]? VectorOf(string chunkId) => _vectors.GetValueOrDefault(chunkId);

    /// <summary>Loads stored chunks and vectors (made by the same embedder) without embedding anything.</summary>
    public void Load(IEnumerable<(CodeChunk Chunk, float[] Vector)> stored)
    {
        foreach (var (chunk, vector) in stored)
        {
            Insert(chunk, vector);
        }
    }

    /// <param name="options">Passed to the embedder (for the gateway: who pays, under which call id).</param>
    /// <remarks>
    /// Nothing of the index changes until every new chunk is embedded: a search that runs while this awaits the
    /// embedder (its owner may let searches interleave) sees the index as it was, never half of a file.
    /// </remarks>
    public async Task<IndexChange> ApplyAsync(IReadOnlyDictionary<string, string?> changedFiles, Func<int, EmbeddingGenerationOptions?>? options = null, CancellationToken cancellationToken = default)
    {
        var plans = changedFiles.Select(f => (Path: f.Key, Previous: _files.GetValueOrDefault(f.Key) ?? [], Next: f.Value is null ? [] : CodeChunker.Chunk(f.Key, f.Value)))
            .ToList();
        var candidates = new List<CodeChunk>();
        foreach (var (_, previous, next) in plans)
        {
            var previousIds = previous.Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
            candidates.AddRange(next.Where(c => !previousIds.Contains(c.Id)));
        }

        var toEmbed = candidates.Where(c => !_vectors.ContainsKey(c.Id)).ToList();
        var fresh = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var batch = 0;
        foreach (var group in toEmbed.Chunk(embedBatchSize))
        {
            var embeddings = await embedder.GenerateAsync(group.Select(EmbeddingText), options?.Invoke(batch++), cancellationToken);
            for (var i = 0; i < group.Length; i++)
            {
                fresh[group[i].Id] = Normalized(embeddings[i].Vector.ToArray());
            }
        }

        // From here on no await: the whole change lands at once.
        var removed = new List<string>();
        foreach (var (path, previous, next) in plans)
        {
            var nextIds = next.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var old in previous.Where(o => !nextIds.Contains(o.Id)))
            {
                RemoveChunk(old);
                removed.Add(old.Id);
            }

            var previousIds = previous.Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var chunk in next.Where(c => previousIds.Contains(c.Id)))
            {
                // Same content, maybe at other lines: keep the vector, refresh the position.
                _chunks[chunk.Id] = chunk;
            }

            if (next.Count == 0)
            {
                _files.Remove(path);
            }
            else
            {
                _files[path] = next;
            }
        }

        foreach (var chunk in candidates)
        {
            Insert(chunk, fresh.GetValueOrDefault(chunk.Id) ?? _vectors[chunk.Id]);
        }

        return new IndexChange(changedFiles.Count, candidates.Count, removed.Count, toEmbed.Count, candidates, removed);
    }

    public async Task<List<SearchHit>> SearchAsync(string query, int limit, string? pathGlob = null, EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default, SearchMode mode = SearchMode.Hybrid)
    {
        limit = Math.Clamp(limit, 1, 100);
        Func<string, bool>? filter = null;
        if (!string.IsNullOrWhiteSpace(pathGlob))
        {
            var regex = GlobRegex(pathGlob);
            filter = id => _chunks.TryGetValue(id, out var c) && regex.IsMatch(c.Path);
        }

        // The query first: after this await nothing else is awaited, so an update landing meanwhile is seen whole.
        var queryVector = mode == SearchMode.Lexical ? [] : Normalized(embedder is IQueryEmbedder asymmetric
            ? await asymmetric.EmbedQueryAsync(query, cancellationToken)
            : (await embedder.GenerateAsync([query], options, cancellationToken))[0].Vector.ToArray());
        var pool = Math.Max(limit * 4, 20);
        var lexical = mode == SearchMode.Vector ? [] : _lexical.Search(query, pool, filter);
        var vectorTop = mode == SearchMode.Lexical ? [] : TopK.Select(_vectors.Where(v => _chunks.ContainsKey(v.Key) && (filter is null || filter(v.Key)) && v.Value.Length == queryVector.Length)
            .Select(v => (v.Key, (double)TensorPrimitives.Dot(v.Value, queryVector))), pool);
        var fused = new Dictionary<string, (double Score, int? Lexical, int? Vector)>(StringComparer.Ordinal);
        for (var rank = 0; rank < lexical.Count; rank++)
        {
            var entry = fused.GetValueOrDefault(lexical[rank].Id);
            fused[lexical[rank].Id] = (entry.Score + 1.0 / (FusionK + rank + 1), rank + 1, entry.Vector);
        }

        for (var rank = 0; rank < vectorTop.Count; rank++)
        {
            var entry = fused.GetValueOrDefault(vectorTop[rank].Id);
            fused[vectorTop[rank].Id] = (entry.Score + 1.0 / (FusionK + rank + 1), entry.Lexical, rank + 1);
        }

        return fused.OrderByDescending(f => f.Value.Score).ThenBy(f => f.Key, StringComparer.Ordinal).Take(limit)
            .Select(f => new SearchHit(_chunks[f.Key], f.Value.Score, f.Value.Lexical, f.Value.Vector)).ToList();
    }

    /// <summary>
    /// Per file, its top-level symbols, files ordered by how often the rest of the code names their symbols, cut to
    /// roughly <paramref name="budgetTokens"/> tokens (4 characters a token).
    /// </summary>
    public string RepoMap(int budgetTokens)
    {
        var symbolsByFile = _files.ToDictionary(
            f => f.Key,
            f => f.Value.Where(c => c.Symbol is not null && c.Kind != "code" && c.Kind != "text").Select(c => (c.Kind, Symbol: c.Symbol!)).Distinct().ToList(),
            StringComparer.Ordinal);
        var termFiles = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (path, chunks) in _files)
        {
            foreach (var term in chunks.SelectMany(c => CodeTokenizer.Tokenize(c.Content)).Distinct(StringComparer.Ordinal))
            {
                if (!termFiles.TryGetValue(term, out var files))
                {
                    termFiles[term] = files = new HashSet<string>(StringComparer.Ordinal);
                }

                files.Add(path);
            }
        }

        int References(string path, string symbol) =>
            termFiles.TryGetValue(symbol.ToLowerInvariant(), out var files) ? files.Count(f => f != path) : 0;

        var ranked = symbolsByFile
            .Select(f => (Path: f.Key, Symbols: f.Value.OrderByDescending(s => References(f.Key, s.Symbol)).ToList(),
                Score: f.Value.Sum(s => References(f.Key, s.Symbol))))
            .OrderByDescending(f => f.Score).ThenBy(f => f.Path, StringComparer.Ordinal);
        var budget = Math.Max(16, budgetTokens) * 4;
        var map = new StringBuilder();
        foreach (var (path, symbols, _) in ranked)
        {
            var entry = new StringBuilder(path).Append(":\n");
            foreach (var (kind, symbol) in symbols.Take(12))
            {
                entry.Append("  ").Append(kind).Append(' ').Append(symbol).Append('\n');
            }

            if (map.Length + entry.Length > budget)
            {
                if (map.Length + path.Length + 2 <= budget)
                {
                    map.Append(path).Append('\n');
                    continue;
                }

                break;
            }

            map.Append(entry);
        }

        return map.ToString();
    }

    /// <summary>A glob over '/'-separated paths: '**' any folders, '*' within a segment, '?' one character.</summary>
    public static Regex GlobRegex(string glob)
    {
        var pattern = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                pattern.Append(".*");
                i++;
                if (i + 1 < glob.Length && glob[i + 1] == '/')
                {
                    i++;
                    pattern.Append("/?");
                }
            }
            else if (c == '*')
            {
                pattern.Append("[^/]*");
            }
            else if (c == '?')
            {
                pattern.Append("[^/]");
            }
            else
            {
                pattern.Append(Regex.Escape(c.ToString()));
            }
        }

        return new Regex(pattern.Append('$').ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    private static string EmbeddingText(CodeChunk chunk) => $"{chunk.Path}\n{chunk.Symbol}\n{chunk.Content}";

    private static float[] Normalized(float[] vector)
    {
        var norm = MathF.Sqrt(TensorPrimitives.SumOfSquares(vector));
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }

        return vector;
    }

    private void Insert(CodeChunk chunk, float[] vector)
    {
        _chunks[chunk.Id] = chunk;
        _vectors[chunk.Id] = vector;
        _lexical.Add(chunk.Id, $"{chunk.Path} {chunk.Symbol} {chunk.Content}");
        if (!_files.TryGetValue(chunk.Path, out var list))
        {
            _files[chunk.Path] = list = [];
        }

        if (!list.Any(c => c.Id == chunk.Id))
        {
            list.Add(chunk);
            list.Sort((a, b) => a.StartLine.CompareTo(b.StartLine));
        }
    }

    private void RemoveChunk(CodeChunk chunk)
    {
        _chunks.Remove(chunk.Id);
        _vectors.Remove(chunk.Id);
        _lexical.Remove(chunk.Id, $"{chunk.Path} {chunk.Symbol} {chunk.Content}");
    }
}
