namespace DevBot.CodeIndex;

public sealed record IndexState(string Embedder, string? IndexedCommit, string Status, string? Error);
