namespace DevBot.GrainInterfaces.CodeIndex;

/// <summary>
/// Brings the index to the project's HEAD. When embeddings come from a model, <paramref name="UserId"/> pays and
/// <paramref name="CallIdPrefix"/> (from the project step) names the metered calls.
/// </summary>
[GenerateSerializer, Immutable, Alias("DevBot.CodeIndex.IndexUpdateRequest")]
public sealed record IndexUpdateRequest(long UserId, string CallIdPrefix);
