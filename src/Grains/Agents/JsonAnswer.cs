using System.Text.Json;
using System.Text.RegularExpressions;

namespace DevBot.Grains.Agents;

/// <summary>
/// Reads the JSON object out of a model's answer as real models write it — reasoning blocks before it, prose around it,
/// a ```json fence, trailing commas, comments, keys in another case — and binds it to a reply type. What cannot be
/// read exactly is refused with the reason, naming the field: a wrongly typed field is an error, never an empty list.
/// </summary>
public static partial class JsonAnswer
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
    };

    /// <summary>The options the reply types are (de)serialized with; their JSON schema is made with the same ones.</summary>
    public static JsonSerializerOptions SerializerOptions => Options;

    /// <exception cref="MalformedAnswerException">No object, not JSON, or a field of the wrong type; the message says which.</exception>
    public static T Read<T>(string answer) where T : class
    {
        var json = Extract(answer);
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options) ?? throw new MalformedAnswerException("The answer's JSON is null; send one JSON object.");
        }
        catch (JsonException ex) when (ex.Path is { Length: > 1 } path && ex.Message.Contains("could not be converted", StringComparison.Ordinal))
        {
            throw new MalformedAnswerException($"\"{path.TrimStart('$', '.')}\" has the wrong type ({Expected(ex.Message)}).");
        }
        catch (JsonException ex)
        {
            throw new MalformedAnswerException("The answer is not valid JSON: " + ex.Message);
        }
    }

    /// <summary>The text of the one JSON object in <paramref name="answer"/>.</summary>
    public static string Extract(string answer)
    {
        var text = WithoutReasoning(answer);
        var fenced = FencedRegex().Matches(text).Select(f => f.Groups["body"].Value.Trim()).Where(b => b.StartsWith('{')).ToList();
        if (fenced.Count > 1)
        {
            throw new MalformedAnswerException("The answer holds more than one JSON block; send exactly one JSON object.");
        }

        var source = fenced.Count == 1 ? fenced[0] : text;
        var start = source.IndexOf('{', StringComparison.Ordinal);
        if (start < 0)
        {
            throw new MalformedAnswerException("The answer contains no JSON object; answer with the JSON object alone.");
        }

        var end = MatchingBrace(source, start);
        if (end < 0)
        {
            throw new MalformedAnswerException("The answer's JSON object is not closed (it may have been cut off); send the whole object.");
        }

        // Two objects are two answers: which one is meant cannot be known, so neither is taken.
        var next = source.IndexOf('{', end + 1);
        if (next >= 0 && MatchingBrace(source, next) > next)
        {
            throw new MalformedAnswerException("The answer holds more than one JSON object; send exactly one.");
        }

        return source[start..(end + 1)];
    }

    /// <summary>The answer without &lt;think&gt;, &lt;thinking&gt; or &lt;reasoning&gt; blocks (a lone closing tag ends a block that had no opening).</summary>
    public static string WithoutReasoning(string answer)
    {
        var text = ReasoningRegex().Replace(answer, string.Empty);
        var orphan = OrphanCloseRegex().Match(text);
        return orphan.Success ? text[(orphan.Index + orphan.Length)..] : text;
    }

    /// <summary>The index of the brace that closes the one at <paramref name="start"/>, strings and escapes respected; -1 if none.</summary>
    private static int MatchingBrace(string text, int start)
    {
        var depth = 0;
        var inString = false;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    inString = true;
                    break;
                case '{' or '[':
                    depth++;
                    break;
                case '}' or ']':
                    if (--depth == 0)
                    {
                        return i;
                    }

                    break;
            }
        }

        return -1;
    }

    private static string Expected(string message)
    {
        // "The JSON value could not be converted to System.Collections.Generic.List`1[System.String]. Path: …"
        var type = ConvertedToRegex().Match(message).Groups[1].Value;
        return type switch
        {
            _ when type.StartsWith("System.Collections.Generic.List", StringComparison.Ordinal) => "expected a list",
            "System.String" => "expected a string",
            _ when type.Contains("Boolean", StringComparison.Ordinal) => "expected true or false",
            _ when type.Contains("Int", StringComparison.Ordinal) || type.Contains("Decimal", StringComparison.Ordinal) => "expected a number",
            _ => "expected an object",
        };
    }

    [GeneratedRegex(@"```[ \t]*(?:json|JSON|javascript|js)?[ \t]*\r?\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex FencedRegex();

    [GeneratedRegex(@"<(think|thinking|reasoning)>.*?</\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ReasoningRegex();

    [GeneratedRegex(@"</(?:think|thinking|reasoning)>", RegexOptions.IgnoreCase)]
    private static partial Regex OrphanCloseRegex();

    [GeneratedRegex(@"converted to ([^.\s]+(?:\.[^.\s\]]+)*(?:\[[^\]]*\])?)")]
    private static partial Regex ConvertedToRegex();
}
