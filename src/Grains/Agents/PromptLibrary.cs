using System.Collections.Concurrent;
using System.Text;

namespace DevBot.Grains.Agents;

/// <summary>
/// The agents' prompts: versioned markdown files (<c>Prompts/{name}.v{n}.md</c>) embedded in the assembly, with
/// <c>{{placeholders}}</c>. Code names a prompt with its version, so changing a prompt is a new file, not an edit
/// hidden in a string.
/// </summary>
public sealed class PromptLibrary
{
    private readonly ConcurrentDictionary<string, string> _cache = new(StringComparer.Ordinal);

    public string Render(string name, IReadOnlyDictionary<string, string> values)
    {
        var template = _cache.GetOrAdd(name, Load);
        var text = new StringBuilder(template);
        foreach (var (key, value) in values)
        {
            text.Replace("{{" + key + "}}", value);
        }

        var rendered = text.ToString();
        var missing = rendered.IndexOf("{{", StringComparison.Ordinal);
        return missing >= 0 && rendered.IndexOf("}}", missing, StringComparison.Ordinal) is var end and > 0 && end - missing < 40
            ? throw new InvalidOperationException($"Prompt {name} has an unfilled placeholder: {rendered[missing..(end + 2)]}")
            : rendered;
    }

    public string Text(string name) => _cache.GetOrAdd(name, Load);

    private static string Load(string name)
    {
        using var stream = typeof(PromptLibrary).Assembly.GetManifestResourceStream($"DevBot.Prompts.{name}.md")
                           ?? throw new InvalidOperationException($"There is no prompt named {name}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
