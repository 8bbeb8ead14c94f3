using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace DevBot.ScriptedModels;

/// <summary>
/// Makes another script answer the way real models do, at a configurable rate and reproducibly (seeded by the rate's
/// seed and the request): edit answers with the path inside the fence (Aider's diff-fenced layout), decorated paths,
/// three backticks where four were asked, reasoning blocks and prose around them, a lazy "rest unchanged" elision; JSON
/// answers in a ```json fence with prose around, trailing commas, keys in another case, a topic synonym, an answer cut
/// off at the output limit; narration beside tool calls. What a careful reader must refuse (an elision, a cut-off
/// answer) comes only on a first try, so a journey always has a clean way through; the rest comes on any try.
/// </summary>
public sealed partial class SloppyScript(IModelScript inner, double rate, int seed) : IModelScript
{
    /// <summary>The share of answers perturbed (0: the inner script's answers as they are).</summary>
    public double Rate { get; set; } = rate;

    /// <summary>Seeds the choices, with the request: the same seed and request perturb alike.</summary>
    public int Seed { get; set; } = seed;

    /// <summary>How often each kind of perturbation was made, by name (for reports).</summary>
    public Dictionary<string, int> Made { get; } = [];

    public ScriptedReply Reply(ScriptedRequest request)
    {
        var reply = inner.Reply(request);
        if (request.Kind != ScriptedRequest.Chat || Rate <= 0)
        {
            return reply;
        }

        var random = new Random(SeedOf(request));
        if (reply.ToolCalls is { Count: > 0 })
        {
            return random.NextDouble() < Rate ? Note(reply with { Content = "I'll look at the code first, then answer with {the verdict}." }, "tool-narration") : reply;
        }

        if (reply.Content is not { } content || random.NextDouble() >= Rate)
        {
            return reply;
        }

        // A retry (the conversation holds an earlier answer) or a request for more room gets only what a reader must accept.
        var firstTry = !request.Messages.Any(m => m.Role == "assistant" && m.ToolCalls.Count == 0) && request.MaxTokens is null;
        var trimmed = content.TrimStart();
        return trimmed.StartsWith('{') ? Json(reply, content, random, firstTry) : Edits(reply, content, random, firstTry);
    }

    private ScriptedReply Json(ScriptedReply reply, string json, Random random, bool firstTry)
    {
        var choices = new List<Func<ScriptedReply>>
        {
            () => Note(reply with { Content = "Here is my answer:\n\n```json\n" + json.Trim() + "\n```\n\nLet me know if anything is unclear." }, "json-fence-prose"),
            () => Note(reply with { Content = "<think>\nThe user wants JSON only. I will answer with the object.\n</think>\n" + json }, "json-think"),
            () => Note(reply with { Content = TrailingCommaRegex().Replace(json, ",$1", 1) }, "json-trailing-comma"),
            () => Note(reply with { Content = KeyRegex().Replace(json, m => "\"" + char.ToUpperInvariant(m.Groups[1].Value[0]) + m.Groups[1].Value[1..] + "\":") }, "json-key-case"),
            () => Note(reply with { Content = json.Replace("\"topic\": \"budget\"", "\"topic\": \"timeline\"", StringComparison.Ordinal)
                                                .Replace("\"topic\": \"integrations\"", "\"topic\": \"integration\"", StringComparison.Ordinal) }, "json-topic-synonym"),
        };
        if (firstTry)
        {
            choices.Add(() => Note(reply with { Content = json[..(json.Length / 2)], FinishReason = "length" }, "json-cut-off"));
        }

        return choices[random.Next(choices.Count)]();
    }

    private ScriptedReply Edits(ScriptedReply reply, string text, Random random, bool firstTry)
    {
        var choices = new List<Func<ScriptedReply>>
        {
            () => Note(reply with { Content = "<think>\nI need to change the files the item names, in small edits.\n</think>\n\nHere are the edits:\n\n" + text }, "edits-think-prose"),
            () => Note(reply with { Content = PathLineRegex().Replace(text, m => $"**{m.Groups["path"].Value}**") }, "edits-bold-path"),
            () => Note(reply with { Content = PathLineRegex().Replace(text, m => $"File: `{m.Groups["path"].Value}`") }, "edits-labelled-path"),
            () => Note(reply with { Content = DiffFenced(text) }, "edits-diff-fenced"),
            () => Note(reply with { Content = ThreeBackticks(text) }, "edits-three-backticks"),
        };
        if (firstTry && Elided(text) is { } elided)
        {
            choices.Add(() => Note(reply with { Content = elided }, "edits-lazy-elision"));
        }

        return choices[random.Next(choices.Count)]();
    }

    /// <summary>Aider's diff-fenced layout (Gemini, DeepSeek): the path as the fence's first line, the block inside.</summary>
    private static string DiffFenced(string text) =>
        SearchBlockRegex().Replace(text, m => $"```\n{m.Groups["path"].Value}\n{m.Groups["block"].Value}\n```");

    /// <summary>Whole files in three backticks where four were asked — only for contents without fences of their own.</summary>
    private static string ThreeBackticks(string text) =>
        WholeFileRegex().Replace(text, m => m.Groups["body"].Value.Contains("```", StringComparison.Ordinal)
            ? m.Value
            : $"{m.Groups["path"].Value}\n```{m.Groups["lang"].Value}\n{m.Groups["body"].Value}```");

    /// <summary>The first whole file's second half replaced by a lazy comment, as cheap models write it.</summary>
    private static string? Elided(string text)
    {
        var file = WholeFileRegex().Match(text);
        if (!file.Success)
        {
            return null;
        }

        var lines = file.Groups["body"].Value.Split('\n');
        if (lines.Length < 8)
        {
            return null;
        }

        var kept = string.Join('\n', lines.Take(lines.Length / 2));
        var comment = file.Groups["path"].Value.EndsWith(".py", StringComparison.Ordinal) ? "# ... rest of the file unchanged ..." : "// ... existing code ...";
        return text[..file.Groups["body"].Index] + kept + "\n" + comment + "\n" + text[(file.Groups["body"].Index + file.Groups["body"].Length)..];
    }

    private ScriptedReply Note(ScriptedReply reply, string kind)
    {
        lock (Made)
        {
            Made[kind] = Made.GetValueOrDefault(kind) + 1;
        }

        return reply;
    }

    private int SeedOf(ScriptedRequest request)
    {
        var text = $"{Seed}|{request.Model}|{request.MaxTokens}|{request.AllText}";
        return BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0);
    }

    [GeneratedRegex(@"(\s*[}\]])\s*$")]
    private static partial Regex TrailingCommaRegex();

    [GeneratedRegex(@"""([a-z]+)"":")]
    private static partial Regex KeyRegex();

    [GeneratedRegex(@"^(?<path>[\w./-]+\.\w+)$(?=\n(?:````|<<<<<<< SEARCH))", RegexOptions.Multiline)]
    private static partial Regex PathLineRegex();

    [GeneratedRegex(@"^(?<path>[\w./-]+\.\w+)\n(?<block><<<<<<< SEARCH\n.*?\n>>>>>>> REPLACE)", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex SearchBlockRegex();

    [GeneratedRegex(@"^(?<path>[\w./-]+\.\w+)\n````(?<lang>\w*)\n(?<body>.*?)````$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex WholeFileRegex();
}
