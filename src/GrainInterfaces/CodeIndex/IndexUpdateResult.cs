namespace DevBot.GrainInterfaces.CodeIndex;

/// <summary>What an update did; <paramref name="Status"/> is not_indexed, indexing, indexed or error.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.CodeIndex.IndexUpdateResult")]
public sealed record IndexUpdateResult(string Status, string? Commit, int FilesChunked, int ChunksAdded, int ChunksRemoved, int ChunksEmbedded, int TotalChunks, string? Error);
