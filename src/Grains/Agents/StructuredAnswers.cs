using System.Text.Json;
using DevBot.GrainInterfaces.Projects;

namespace DevBot.Grains.Agents;

/// <summary>
/// Strict readers of the Architect's JSON answers. An answer is either the JSON object alone or one fenced json
/// block; anything else, or a shape that is not exactly what the prompt asked for, is refused with the reason (so
/// the next try can be told what to fix). Nothing malformed is ever trusted.
/// </summary>
public static class StructuredAnswers
{
    private static readonly HashSet<string> Topics = ["audience", "platforms", "features", "performance", "integrations", "budget"];

    public static QuestionsAnswer ParseQuestions(string text, int maxQuestions)
    {
        using var document = Parse(text);
        var root = document.RootElement;
        if (root.TryGetProperty("done", out var done) && done.ValueKind == JsonValueKind.True)
        {
            var title = RequiredString(root, "title", 80);
            var scope = RequiredString(root, "scope", 6000);
            return new QuestionsAnswer([], title, scope);
        }

        if (!root.TryGetProperty("questions", out var questions) || questions.ValueKind != JsonValueKind.Array || questions.GetArrayLength() == 0)
        {
            throw new MalformedAnswerException("Expected {\"questions\": [...]} with at least one question, or {\"done\": true, \"title\": …, \"scope\": …}.");
        }

        if (questions.GetArrayLength() > maxQuestions)
        {
            throw new MalformedAnswerException($"At most {maxQuestions} questions may be asked, not {questions.GetArrayLength()}.");
        }

        var parsed = new List<ProjectQuestion>();
        var index = 0;
        foreach (var question in questions.EnumerateArray())
        {
            index++;
            if (question.ValueKind != JsonValueKind.Object)
            {
                throw new MalformedAnswerException($"Question {index} is not an object.");
            }

            var topic = RequiredString(question, "topic", 20).ToLowerInvariant();
            if (!Topics.Contains(topic))
            {
                throw new MalformedAnswerException($"Question {index} has topic '{topic}'; use one of {string.Join(", ", Topics)}.");
            }

            var options = question.TryGetProperty("options", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Where(o => o.ValueKind == JsonValueKind.String).Select(o => o.GetString()!.Trim()).Where(o => o.Length is > 0 and <= 60).Take(6).ToList()
                : [];
            var id = question.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString()! : $"q{index}";
            parsed.Add(new ProjectQuestion(id, topic, RequiredString(question, "text", 500), options));
        }

        return new QuestionsAnswer(parsed, null, null);
    }

    /// <summary>Verification verdict: no findings when it passes.</summary>
    public static List<Finding> ParseVerdict(string text)
    {
        using var document = Parse(text);
        var root = document.RootElement;
        if (!root.TryGetProperty("pass", out var pass) || pass.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            throw new MalformedAnswerException("Expected {\"pass\": true} or {\"pass\": false, \"findings\": [...]}.");
        }

        if (pass.ValueKind == JsonValueKind.True)
        {
            return [];
        }

        return Findings(root, "findings");
    }

    public static List<Finding> ParseFixes(string text)
    {
        using var document = Parse(text);
        return Findings(document.RootElement, "fixes");
    }

    private static List<Finding> Findings(JsonElement root, string property)
    {
        if (!root.TryGetProperty(property, out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
        {
            throw new MalformedAnswerException($"Expected \"{property}\": [ {{\"title\", \"files\", \"check\"}}, … ] with at least one entry.");
        }

        if (list.GetArrayLength() > 10)
        {
            throw new MalformedAnswerException($"At most 10 {property} at a time, not {list.GetArrayLength()}.");
        }

        var findings = new List<Finding>();
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw new MalformedAnswerException($"Every entry of \"{property}\" must be an object.");
            }

            var files = item.TryGetProperty("files", out var f) && f.ValueKind == JsonValueKind.Array
                ? f.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).Take(10).ToList()
                : [];
            findings.Add(new Finding(RequiredString(item, "title", 300), files, RequiredString(item, "check", 300)));
        }

        return findings;
    }

    private static JsonDocument Parse(string text)
    {
        var json = text.Trim();
        if (json.StartsWith("```", StringComparison.Ordinal))
        {
            var firstLine = json.IndexOf('\n', StringComparison.Ordinal);
            var closing = json.LastIndexOf("```", StringComparison.Ordinal);
            if (firstLine < 0 || closing <= firstLine)
            {
                throw new MalformedAnswerException("The JSON block is not closed.");
            }

            json = json[(firstLine + 1)..closing].Trim();
        }

        try
        {
            var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                throw new MalformedAnswerException("The answer must be one JSON object.");
            }

            return document;
        }
        catch (JsonException ex)
        {
            throw new MalformedAnswerException("The answer is not valid JSON: " + ex.Message);
        }
    }

    private static string RequiredString(JsonElement element, string name, int maxLength)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            throw new MalformedAnswerException($"\"{name}\" is missing or empty.");
        }

        var text = value.GetString()!.Trim();
        return text.Length > maxLength ? throw new MalformedAnswerException($"\"{name}\" is longer than {maxLength} characters.") : text;
    }
}
