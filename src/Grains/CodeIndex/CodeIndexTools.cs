using System.ComponentModel;
using System.Globalization;
using System.Text;
using DevBot.GrainInterfaces.CodeIndex;
using Microsoft.SemanticKernel;

namespace DevBot.Grains.CodeIndex;

/// <summary>
/// The code index as Semantic Kernel functions for the Architect and Implementer agents. Every result is bounded
/// by the index grain (a few thousand characters), so tool output cannot flood a prompt.
/// </summary>
public sealed class CodeIndexTools(IGrainFactory grains, Guid projectId)
{
    private ICodeIndexGrain Index => grains.GetGrain<ICodeIndexGrain>(projectId);

    [KernelFunction("search_code")]
    [Description("Finds the code most relevant to a question (hybrid keyword and semantic search). Returns file, lines and the code.")]
    public async Task<string> SearchCodeAsync(
        [Description("What to look for, in words or identifiers")] string query,
        [Description("How many results (1-20)")] int k = 8)
    {
        var hits = await Index.SearchAsync(query, Math.Clamp(k, 1, 20), null);
        if (hits.Count == 0)
        {
            return "No matching code.";
        }

        var output = new StringBuilder();
        foreach (var hit in hits)
        {
            output.Append(CultureInfo.InvariantCulture, $"## {hit.Path}:{hit.StartLine}-{hit.EndLine} ({hit.Kind}{(hit.Symbol is null ? string.Empty : " " + hit.Symbol)})\n")
                .Append(hit.Snippet).Append("\n\n");
        }

        return output.ToString();
    }

    [KernelFunction("read_file")]
    [Description("Reads lines of a file of the project as committed, numbered.")]
    public Task<string> ReadFileAsync(
        [Description("Path relative to the repository root")] string path,
        [Description("First line (1-based)")] int from = 1,
        [Description("Last line")] int to = 200) =>
        Index.ReadFileAsync(path, from, to);

    [KernelFunction("list_files")]
    [Description("Lists the project's files, optionally filtered by a glob such as src/**/*.py.")]
    public async Task<string> ListFilesAsync([Description("Glob over relative paths; empty for all")] string glob = "") =>
        string.Join('\n', await Index.ListFilesAsync(string.IsNullOrWhiteSpace(glob) ? null : glob)) is { Length: > 0 } list ? list : "No files.";

    [KernelFunction("repo_map")]
    [Description("An overview of the repository: files with their top-level symbols, most referenced first.")]
    public Task<string> RepoMapAsync([Description("Approximate size of the map in tokens")] int budget = 1024) =>
        Index.RepoMapAsync(Math.Clamp(budget, 64, 4096));

    /// <summary>The four tools as a kernel plugin named "code".</summary>
    public KernelPlugin AsPlugin() => KernelPluginFactory.CreateFromObject(this, "code");
}
