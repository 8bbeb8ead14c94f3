using System.Text.Json;
using DevBot.GrainInterfaces.Projects;
using Microsoft.Extensions.AI;

namespace DevBot.Grains.Agents;

/// <summary>
/// Readers of the Architect's JSON answers. The object is found tolerantly (<see cref="JsonAnswer"/>), bound to the
/// same reply types whose JSON schema is sent to providers that take one (<see cref="SchemaOf{T}"/>), then checked:
/// required fields, lengths, counts, and a question's topic (obvious synonyms such as "timeline" accepted). A shape
/// that is not what the prompt asked for is refused with the reason, so the next try can be told what to fix; nothing
/// malformed is ever trusted.
/// </summary>
public static class StructuredAnswers
{
    private static readonly Dictionary<string, string> TopicNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["audience"] = "audience", ["users"] = "audience", ["user"] = "audience", ["target audience"] = "audience", ["use cases"] = "audience",
        ["platforms"] = "platforms", ["platform"] = "platforms", ["devices"] = "platforms", ["deployment"] = "platforms",
        ["features"] = "features", ["feature"] = "features", ["functionality"] = "features", ["scope"] = "features", ["requirements"] = "features",
        ["performance"] = "performance", ["scale"] = "performance", ["scalability"] = "performance", ["load"] = "performance", ["speed"] = "performance",
        ["integrations"] = "integrations", ["integration"] = "integrations", ["apis"] = "integrations", ["api"] = "integrations",
        ["third-party services"] = "integrations", ["data"] = "integrations", ["storage"] = "integrations",
        ["budget"] = "budget", ["timeline"] = "budget", ["budget and timeline"] = "budget", ["deadline"] = "budget", ["schedule"] = "budget",
        ["cost"] = "budget", ["time"] = "budget",
    };

    /// <summary>The JSON schema of a reply type, for providers' structured output (response_format json_schema).</summary>
    public static ChatResponseFormat SchemaOf<T>(string name, string description) =>
        ChatResponseFormat.ForJsonSchema(AIJsonUtilities.CreateJsonSchema(typeof(T), serializerOptions: JsonAnswer.SerializerOptions), name, description);

    public static QuestionsAnswer ParseQuestions(string text, int maxQuestions)
    {
        var reply = JsonAnswer.Read<QuestionsReply>(text);
        if (reply.Done == true)
        {
            return new QuestionsAnswer([], Required(reply.Title, "title", 80), Required(reply.Scope, "scope", 6000));
        }

        if (reply.Questions is not { Count: > 0 } questions)
        {
            throw new MalformedAnswerException("Expected {\"questions\": [...]} with at least one question, or {\"done\": true, \"title\": …, \"scope\": …}.");
        }

        if (questions.Count > maxQuestions)
        {
            throw new MalformedAnswerException($"At most {maxQuestions} questions may be asked, not {questions.Count}.");
        }

        var parsed = new List<ProjectQuestion>();
        for (var i = 0; i < questions.Count; i++)
        {
            var question = questions[i] ?? throw new MalformedAnswerException($"Question {i + 1} is null; each question is an object.");
            var named = Required(question.Topic, $"questions[{i}].topic", 40);
            if (!TopicNames.TryGetValue(named, out var topic))
            {
                throw new MalformedAnswerException($"Question {i + 1} has topic '{named}'; use one of audience, platforms, features, performance, integrations, budget.");
            }

            var options = (question.Options ?? []).Where(o => !string.IsNullOrWhiteSpace(o)).Select(o => o.Trim()).Where(o => o.Length <= 60).Take(6).ToList();
            parsed.Add(new ProjectQuestion(string.IsNullOrWhiteSpace(question.Id) ? $"q{i + 1}" : question.Id, topic, Required(question.Text, $"questions[{i}].text", 500), options));
        }

        return new QuestionsAnswer(parsed, null, null);
    }

    /// <summary>Verification verdict: no findings when it passes.</summary>
    public static List<Finding> ParseVerdict(string text)
    {
        var reply = JsonAnswer.Read<VerdictReply>(text);
        return reply.Pass switch
        {
            true => [],
            false => Findings(reply.Findings, "findings"),
            null => throw new MalformedAnswerException("Expected {\"pass\": true} or {\"pass\": false, \"findings\": [...]}: \"pass\" is missing."),
        };
    }

    public static List<Finding> ParseFixes(string text) => Findings(JsonAnswer.Read<FixesReply>(text).Fixes, "fixes");

    private static List<Finding> Findings(List<FindingItem>? list, string property)
    {
        if (list is not { Count: > 0 })
        {
            throw new MalformedAnswerException($"Expected \"{property}\": [ {{\"title\", \"files\", \"check\"}}, … ] with at least one entry.");
        }

        if (list.Count > 10)
        {
            throw new MalformedAnswerException($"At most 10 {property} at a time, not {list.Count}.");
        }

        return list.Select((item, i) => item is null
                ? throw new MalformedAnswerException($"Entry {i + 1} of \"{property}\" is null; every entry is an object.")
                : new Finding(Required(item.Title, $"{property}[{i}].title", 300), (item.Files ?? []).Where(f => !string.IsNullOrWhiteSpace(f)).Take(10).ToList(),
                    Required(item.Check, $"{property}[{i}].check", 300)))
            .ToList();
    }

    private static string Required(string? value, string name, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new MalformedAnswerException($"\"{name}\" is missing or empty.");
        }

        var text = value.Trim();
        return text.Length > maxLength ? throw new MalformedAnswerException($"\"{name}\" is longer than {maxLength} characters.") : text;
    }
}
