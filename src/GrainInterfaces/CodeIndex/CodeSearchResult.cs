namespace DevBot.GrainInterfaces.CodeIndex;

[GenerateSerializer, Immutable, Alias("DevBot.CodeIndex.CodeSearchResult")]
public sealed record CodeSearchResult(string Path, int StartLine, int EndLine, string Kind, string? Symbol, double Score, string Snippet);
