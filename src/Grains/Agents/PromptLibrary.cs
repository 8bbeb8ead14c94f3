using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using DevBot.Gateway;

namespace DevBot.Grains.Agents;

/// <summary>
/// The agents' prompts: versioned markdown files (<c>Prompts/{name}.v{n}.md</c>) embedded in the assembly, with
/// <c>{{placeholders}}</c>. Code names a prompt with its version, so changing a prompt is a new file, not an edit
/// hidden in a string.
/// </summary>
public sealed partial class PromptLibrary
{
    private readonly ConcurrentDictionary<string, string> _cache = new(StringComparer.Ordinal);

    /// <summary>
    /// Fills the template's placeholders in one pass. Values are inserted verbatim and never scanned again, so a
    /// project's own <c>{{…}}</c> text (Jinja, Handlebars, Vue templates) is neither substituted nor mistaken for a
    /// missing value; a placeholder of the template without a value is a programming error. Only templates place
    /// cache breakpoints: a value's own <see cref="PromptCaching.Marker"/> text is taken out.
    /// </summary>
    public string Render(string name, IReadOnlyDictionary<string, string> values)
    {
        var template = Text(name);
        var text = new StringBuilder(template.Length + values.Sum(v => v.Value.Length));
        var last = 0;
        foreach (Match match in Placeholder().Matches(template))
        {
            var key = match.Groups[1].Value;
            if (!values.TryGetValue(key, out var value))
            {
                throw new InvalidOperationException($"Prompt {name} has an unfilled placeholder: {match.Value}");
            }

            text.Append(template, last, match.Index - last).Append(PromptCaching.Neutralize(value));
            last = match.Index + match.Length;
        }

        return text.Append(template, last, template.Length - last).ToString();
    }

    public string Text(string name) => _cache.GetOrAdd(name, Load);

    private static string Load(string name)
    {
        using var stream = typeof(PromptLibrary).Assembly.GetManifestResourceStream($"DevBot.Prompts.{name}.md")
                           ?? throw new InvalidOperationException($"There is no prompt named {name}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"\{\{([A-Za-z][A-Za-z0-9]*)\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
