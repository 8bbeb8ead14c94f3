namespace DevBot.GrainInterfaces.CodeIndex;

/// <summary>The code index of one project (key: project id), updated from git on every commit.</summary>
[Alias("DevBot.CodeIndex.ICodeIndexGrain")]
public interface ICodeIndexGrain : IGrainWithGuidKey
{
    Task<IndexUpdateResult> UpdateAsync(IndexUpdateRequest request);

    /// <summary>Hybrid (BM25 + vector) search, optionally limited to paths matching a glob.</summary>
    Task<IReadOnlyList<CodeSearchResult>> SearchAsync(string query, int limit, string? pathGlob);

    /// <summary>Files with their top-level symbols, most referenced first, within a token budget.</summary>
    Task<string> RepoMapAsync(int budgetTokens);

    /// <summary>Committed lines <paramref name="fromLine"/>..<paramref name="toLine"/> of a file, numbered and bounded.</summary>
    Task<string> ReadFileAsync(string path, int fromLine, int toLine);

    Task<IReadOnlyList<string>> ListFilesAsync(string? glob);

    Task<IndexUpdateResult> GetStatusAsync();

    /// <summary>Forgets the index (its rows are purged with the project): memory cleared, activation ended.</summary>
    Task DropAsync();
}
