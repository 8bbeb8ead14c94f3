namespace DevBot.CodeIndex;

/// <summary>A chunk found by a search, with its fused score and its ranks in each retriever (null: not retrieved).</summary>
public sealed record SearchHit(CodeChunk Chunk, double Score, int? LexicalRank, int? VectorRank);
