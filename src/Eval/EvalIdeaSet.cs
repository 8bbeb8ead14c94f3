using System.Text.Json;

namespace DevBot.Eval;

/// <summary>
/// The ideas file: <c>{"ideas": [{"name", "stack", "idea", "answers": [...]}, …]}</c>, JSON with comments and trailing
/// commas allowed. A file that does not say exactly this is refused with the reason and the entry it is about.
/// </summary>
public static class EvalIdeaSet
{
    public const string DefaultFileName = "ideas.json";

    private const int MaxIdeaChars = 4000;

    private static readonly JsonSerializerOptions Options = new()
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        PropertyNameCaseInsensitive = true,
    };

    /// <summary>The default ideas shipped beside the program.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, DefaultFileName);

    /// <exception cref="EvalUsageException">The file is missing or malformed; the message says where.</exception>
    public static IReadOnlyList<EvalIdea> Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new EvalUsageException($"the ideas file {path} does not exist");
        }

        return Parse(File.ReadAllText(path), path);
    }

    public static IReadOnlyList<EvalIdea> Parse(string json, string source = "the ideas file")
    {
        IdeasFile? file;
        try
        {
            file = JsonSerializer.Deserialize<IdeasFile>(json, Options);
        }
        catch (JsonException ex)
        {
            throw new EvalUsageException($"{source} is not valid JSON ({ex.Message})");
        }

        if (file?.Ideas is not { Count: > 0 } entries)
        {
            throw new EvalUsageException($"{source} has no ideas: expected {{\"ideas\": [{{\"name\", \"stack\", \"idea\", \"answers\": [...]}}]}}");
        }

        var ideas = new List<EvalIdea>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i] ?? throw new EvalUsageException($"{source}: idea {i + 1} is null");
            var label = string.IsNullOrWhiteSpace(entry.Name) ? $"idea {i + 1}" : $"idea {i + 1} ({entry.Name})";
            if (string.IsNullOrWhiteSpace(entry.Name) || entry.Name.Any(c => !(char.IsLetterOrDigit(c) || c is '-' or '_' or '.')))
            {
                throw new EvalUsageException($"{source}: {label} needs a name of letters, digits, '-', '_' or '.'");
            }

            if (!names.Add(entry.Name))
            {
                throw new EvalUsageException($"{source}: the name {entry.Name} is used twice");
            }

            if (string.IsNullOrWhiteSpace(entry.Idea) || entry.Idea.Length > MaxIdeaChars)
            {
                throw new EvalUsageException($"{source}: {label} needs an idea of 1 to {MaxIdeaChars} characters");
            }

            var answers = (entry.Answers ?? []).Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a!.Trim()).ToList();
            if (answers.Count == 0 || answers.Any(a => a.Length > MaxIdeaChars))
            {
                throw new EvalUsageException($"{source}: {label} needs \"answers\": at least one answer to the Architect's questions (each at most {MaxIdeaChars} characters)");
            }

            ideas.Add(new EvalIdea(entry.Name, string.IsNullOrWhiteSpace(entry.Stack) ? "unspecified" : entry.Stack.Trim().ToLowerInvariant(), entry.Idea.Trim(), answers));
        }

        return ideas;
    }

    /// <summary>The ideas whose names are listed (all when none are), in the file's order; an unknown name is refused.</summary>
    public static IReadOnlyList<EvalIdea> Select(IReadOnlyList<EvalIdea> ideas, IReadOnlyCollection<string> names)
    {
        if (names.Count == 0)
        {
            return ideas;
        }

        var unknown = names.Where(n => !ideas.Any(i => string.Equals(i.Name, n, StringComparison.OrdinalIgnoreCase))).ToList();
        if (unknown.Count > 0)
        {
            throw new EvalUsageException($"no idea named {string.Join(", ", unknown)} (known: {string.Join(", ", ideas.Select(i => i.Name))})");
        }

        return ideas.Where(i => names.Contains(i.Name, StringComparer.OrdinalIgnoreCase)).ToList();
    }

    private sealed class IdeasFile
    {
        public List<IdeaEntry?>? Ideas { get; set; }
    }

    private sealed class IdeaEntry
    {
        public string? Name { get; set; }

        public string? Stack { get; set; }

        public string? Idea { get; set; }

        public List<string?>? Answers { get; set; }
    }
}
