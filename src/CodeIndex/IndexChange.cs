namespace DevBot.CodeIndex;

/// <summary>What one update did: files re-chunked, chunks added and removed, and texts sent to the embedder.</summary>
public sealed record IndexChange(int FilesChunked, int ChunksAdded, int ChunksRemoved, int ChunksEmbedded, IReadOnlyList<CodeChunk> Added, IReadOnlyList<string> RemovedIds);
