using System.Reflection;
using System.Text.Json;
using DevBot.Tests.Infrastructure;
using DevBot.Workspace.Edits;

namespace DevBot.Tests.Workspace;

/// <summary>
/// The corpus of real-world edit answers (Workspace/Corpus/*.json, embedded) and how to run one: its files are
/// written to a fresh folder, the answer goes through <see cref="EditApplier.ApplyReply"/>, and the folder must then
/// hold exactly the expected files, or the starting files when a refusal is expected. Texts in the JSON are strings,
/// or arrays of lines joined with "\n" (so a final "" means a final newline).
/// </summary>
public static class EditCorpus
{
    public static readonly IReadOnlyList<string> Categories =
        ["layout", "path-decoration", "fences", "markers", "whitespace", "elisions", "unified-diff", "reasoning-prose", "feedback", "foreign-format"];

    private static readonly Lazy<IReadOnlyList<EditCorpusCase>> Loaded = new(Load);

    public static IReadOnlyList<EditCorpusCase> All => Loaded.Value;

    public static EditCorpusCase Get(string id) => All.Single(c => c.Id == id);

    public static EditCorpusResult Run(EditCorpusCase corpusCase)
    {
        using var tree = new TempTree();
        foreach (var (path, content) in corpusCase.Files)
        {
            var full = Path.Combine(tree.Repo, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }

        var outcome = EditApplier.ApplyReply(tree.Repo, corpusCase.Answer);
        var files = Directory.EnumerateFiles(tree.Repo, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(tree.Repo, f).Replace('\\', '/'), File.ReadAllText, StringComparer.Ordinal);
        var message = outcome.Describe();
        if (corpusCase.ExpectsRefusal)
        {
            var missing = corpusCase.RefusalWords!.Where(w => !message.Contains(w, StringComparison.OrdinalIgnoreCase)).ToList();
            var problem = outcome.Applied ? "it was applied" : missing.Count > 0 ? "the reason lacks: " + string.Join(" | ", missing)
                : !SameFiles(corpusCase.Files, files) ? "files changed although it was refused" : null;
            return new EditCorpusResult(corpusCase, outcome.Applied, problem is null, problem is null ? message : $"{problem}\n{message}");
        }

        var wrong = outcome.Applied ? Difference(corpusCase.ExpectedFiles!, files) : "it was refused";
        return new EditCorpusResult(corpusCase, outcome.Applied, wrong is null, wrong is null ? message : $"{wrong}\n{message}");
    }

    private static bool SameFiles(IReadOnlyDictionary<string, string> expected, Dictionary<string, string> actual) => Difference(expected, actual) is null;

    private static string? Difference(IReadOnlyDictionary<string, string> expected, Dictionary<string, string> actual)
    {
        foreach (var (path, content) in expected)
        {
            if (!actual.TryGetValue(path, out var found))
            {
                return $"{path} is missing";
            }

            if (found != content)
            {
                return $"{path} differs:\n--- expected\n{content}\n--- actual\n{found}";
            }
        }

        var extra = actual.Keys.Where(k => !expected.ContainsKey(k)).ToList();
        return extra.Count > 0 ? "unexpected files: " + string.Join(", ", extra) : null;
    }

    private static IReadOnlyList<EditCorpusCase> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var cases = new List<EditCorpusCase>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("DevBot.Tests.Corpus.", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var document = JsonDocument.Parse(stream);
            foreach (var item in document.RootElement.GetProperty("cases").EnumerateArray())
            {
                var expect = item.GetProperty("expect");
                cases.Add(new EditCorpusCase(
                    item.GetProperty("id").GetString()!,
                    item.GetProperty("category").GetString()!,
                    SourceOf(item.GetProperty("source")),
                    item.GetProperty("files").EnumerateObject().ToDictionary(p => p.Name, p => Text(p.Value), StringComparer.Ordinal),
                    Text(item.GetProperty("answer")),
                    expect.TryGetProperty("files", out var files) ? files.EnumerateObject().ToDictionary(p => p.Name, p => Text(p.Value), StringComparer.Ordinal) : null,
                    expect.TryGetProperty("refused", out var words) ? words.EnumerateArray().Select(w => w.GetString()!).ToList() : null,
                    item.GetProperty("aider").GetString()!,
                    item.TryGetProperty("why", out var why) ? why.GetString() : null));
            }
        }

        return cases;
    }

    private static string Text(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array ? string.Join('\n', value.EnumerateArray().Select(l => l.GetString())) : value.GetString()!;

    private static string SourceOf(JsonElement source)
    {
        var parts = new List<string>();
        foreach (var key in new[] { "repo", "path", "test", "url" })
        {
            if (source.TryGetProperty(key, out var value))
            {
                parts.Add(value.GetString()!);
            }
        }

        return string.Join(" ", parts);
    }
}
