namespace DevBot.CodeIndex;

/// <summary>
/// An embedder that embeds a search query differently from the documents it searches (asymmetric retrieval
/// models are trained with an instruction before each query).
/// </summary>
public interface IQueryEmbedder
{
    Task<float[]> EmbedQueryAsync(string query, CancellationToken cancellationToken = default);
}
