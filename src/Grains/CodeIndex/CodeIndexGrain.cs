using System.Globalization;
using System.Text;
using DevBot.CodeIndex;
using DevBot.Gateway;
using DevBot.GrainInterfaces.CodeIndex;
using DevBot.Workspace.Git;
using DevBot.Workspace.Paths;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace DevBot.Grains.CodeIndex;

/// <summary>
/// One project's code index. It follows the repository: each update diffs the indexed commit against HEAD and
/// re-chunks only the changed files; only chunks with new content hashes are embedded; deleted files leave. Chunks
/// and vectors are stored in PostgreSQL and searched in memory; the status is mirrored to
/// <c>projects.codebase_index_status</c>. A change of embedder re-embeds everything.
/// Reentrant: a full index with a semantic embedder takes minutes of CPU, spent on the thread pool while the update
/// awaits it, and searches, reads and status calls go on meanwhile against the index as it was (the indexer swaps a
/// change in at once). Updates (and a drop) take <see cref="_writing"/> so they never interleave with each other.
/// </summary>
[Reentrant]
public sealed class CodeIndexGrain(
    WorkspaceManager workspaces,
    CodeIndexStore store,
    ModelGateway gateway,
    IOptions<CodeIndexOptions> options,
    ILogger<CodeIndexGrain> logger) : Grain, ICodeIndexGrain
{
    private readonly CodeIndexOptions _options = options.Value;
    private CodeIndexer _indexer = null!;
    private IndexState _state = new("?", null, "not_indexed", null);
    private IndexUpdateResult? _last;
    private readonly SemaphoreSlim _writing = new(1, 1);

    private Guid ProjectId => this.GetPrimaryKey();

    public async Task DropAsync()
    {
        await _writing.WaitAsync();
        try
        {
            var (embedder, embedderId) = CreateEmbedder();
            _indexer = new CodeIndexer(embedder, embedderId);
            _state = new IndexState(embedderId, null, "not_indexed", null);
            _last = null;
            DeactivateOnIdle();
        }
        finally
        {
            _writing.Release();
        }
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var (embedder, embedderId) = CreateEmbedder();
        _indexer = new CodeIndexer(embedder, embedderId);
        var stored = await store.LoadStateAsync(ProjectId, cancellationToken);
        if (stored is not null && stored.Embedder == embedderId)
        {
            _state = stored;
            _indexer.Load(await store.LoadChunksAsync(ProjectId, cancellationToken));
        }
        else
        {
            // Nothing indexed yet, or made by another embedder: the next update indexes everything.
            _state = new IndexState(embedderId, null, "not_indexed", null);
        }
    }

    public async Task<IndexUpdateResult> UpdateAsync(IndexUpdateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _writing.WaitAsync();
        try
        {
            return await UpdateLockedAsync(request);
        }
        finally
        {
            _writing.Release();
        }
    }

    private async Task<IndexUpdateResult> UpdateLockedAsync(IndexUpdateRequest request)
    {
        try
        {
            using var repository = await workspaces.OpenAsync(ProjectId);
            var head = repository.HeadSha;
            if (head is null || head == _state.IndexedCommit)
            {
                return _last = Result(_state.Status == "not_indexed" && head is null ? "not_indexed" : _state.Status, 0, 0, 0, 0, null);
            }

            await store.SetStatusAsync(ProjectId, _indexer.EmbedderId, "indexing", null);
            var full = _state.IndexedCommit is null;
            var changed = new Dictionary<string, string?>(StringComparer.Ordinal);
            if (full)
            {
                foreach (var path in repository.TrackedFiles())
                {
                    changed[path] = Readable(repository.ReadCommitted(path));
                }
            }
            else
            {
                foreach (var change in repository.ChangesSince(_state.IndexedCommit))
                {
                    if (change.OldPath is not null)
                    {
                        changed[change.OldPath] = null;
                    }

                    changed[change.Path] = change.Kind == "Deleted" ? null : Readable(repository.ReadCommitted(change.Path));
                }
            }

            var applied = await _indexer.ApplyAsync(changed, batch => request.UserId == 0
                ? null
                : new ModelCall(request.UserId, ProjectId, $"{request.CallIdPrefix}/embed/{batch}", "code_embedding").Apply(new EmbeddingGenerationOptions()));
            var current = _indexer.Chunks.Where(c => full || changed.ContainsKey(c.Path)).Select(c => (c, _indexer.VectorOf(c.Id)!)).ToList();
            await store.SaveFilesAsync(ProjectId, _indexer.EmbedderId, head, changed.Keys, current, replaceAll: full);
            _state = new IndexState(_indexer.EmbedderId, head, "indexed", null);
            logger.LogInformation("Indexed project {ProjectId} at {Commit}: {Files} file(s), +{Added}/-{Removed} chunks, {Embedded} embedded",
                ProjectId, head[..8], applied.FilesChunked, applied.ChunksAdded, applied.ChunksRemoved, applied.ChunksEmbedded);
            return _last = Result("indexed", applied.FilesChunked, applied.ChunksAdded, applied.ChunksRemoved, applied.ChunksEmbedded, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The index helps the agents; failing to update it must not fail the project step that asked.
            logger.LogWarning(ex, "Indexing project {ProjectId} failed", ProjectId);
            _state = _state with { Status = "error", Error = ex.Message };
            await store.SetStatusAsync(ProjectId, _indexer.EmbedderId, "error", ex.GetType().Name + ": " + ex.Message);
            // Reload what is stored so memory and database agree after a partial update.
            DeactivateOnIdle();
            return _last = Result("error", 0, 0, 0, 0, ex.Message);
        }
    }

    public async Task<IReadOnlyList<CodeSearchResult>> SearchAsync(string query, int limit, string? pathGlob)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return [];
        }

        var hits = await _indexer.SearchAsync(query, limit, pathGlob);
        var perHit = Math.Max(200, _options.MaxToolOutputChars / Math.Max(1, hits.Count));
        return hits.Select(h => new CodeSearchResult(h.Chunk.Path, h.Chunk.StartLine, h.Chunk.EndLine, h.Chunk.Kind, h.Chunk.Symbol,
            Math.Round(h.Score, 6), Bound(h.Chunk.Content, perHit))).ToList();
    }

    public Task<string> RepoMapAsync(int budgetTokens) =>
        Task.FromResult(Bound(_indexer.RepoMap(Math.Min(budgetTokens, _options.MaxToolOutputChars / 4)), _options.MaxToolOutputChars));

    public async Task<string> ReadFileAsync(string path, int fromLine, int toLine)
    {
        string relative;
        try
        {
            relative = RepositoryPaths.Normalize(path);
        }
        catch (PathRejectedException ex)
        {
            // Tools answer the model with text it can act on; the exception type stays inside the silo.
            return ex.Message;
        }

        using var repository = await workspaces.OpenAsync(ProjectId);
        var bytes = repository.ReadCommitted(relative);
        if (bytes is null)
        {
            return $"{relative}: no such file in the repository.";
        }

        var text = Readable(bytes);
        if (text is null)
        {
            return $"{relative}: binary or too large to show.";
        }

        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var from = Math.Clamp(fromLine, 1, Math.Max(1, lines.Length));
        var to = Math.Clamp(toLine < from ? from + 199 : toLine, from, lines.Length);
        var output = new StringBuilder().Append(relative).Append(" (lines ").Append(from).Append('-').Append(to).Append(" of ").Append(lines.Length).Append(")\n");
        for (var i = from; i <= to; i++)
        {
            output.Append(i.ToString(CultureInfo.InvariantCulture)).Append("| ").Append(lines[i - 1]).Append('\n');
        }

        return Bound(output.ToString(), _options.MaxToolOutputChars);
    }

    public async Task<IReadOnlyList<string>> ListFilesAsync(string? glob)
    {
        using var repository = await workspaces.OpenAsync(ProjectId);
        var files = repository.TrackedFiles();
        if (!string.IsNullOrWhiteSpace(glob))
        {
            var regex = CodeIndexer.GlobRegex(glob);
            files = files.Where(f => regex.IsMatch(f)).ToList();
        }

        return files.Take(500).ToList();
    }

    public Task<IndexUpdateResult> GetStatusAsync() => Task.FromResult(_last ?? Result(_state.Status, 0, 0, 0, 0, _state.Error));

    private (IEmbeddingGenerator<string, Embedding<float>> Embedder, string Id) CreateEmbedder()
    {
        if (_options.Embedder == "gateway")
        {
            var models = string.Join(",", gateway.EmbeddingModels);
            return (gateway.GetEmbeddingGenerator(), "gateway:" + models);
        }

        if (_options.Embedder is "minilm" or "arctic")
        {
            var semantic = SentenceEmbedder.Create(_options.Embedder);
            return (semantic, semantic.Id);
        }

        var local = new LocalHashEmbedder(_options.LocalDimensions);
        return (local, local.Id);
    }

    private string? Readable(byte[]? bytes)
    {
        if (bytes is null || bytes.Length > _options.MaxFileBytes || bytes.AsSpan().IndexOf((byte)0) >= 0)
        {
            return null;
        }

        return Encoding.UTF8.GetString(bytes);
    }

    private IndexUpdateResult Result(string status, int files, int added, int removed, int embedded, string? error) =>
        new(status, _state.IndexedCommit, files, added, removed, embedded, _indexer.ChunkCount, error);

    private static string Bound(string text, int max) =>
        text.Length <= max ? text : text[..max] + $"\n[… {text.Length - max} more characters not shown]";
}
