using System.Collections.Frozen;

namespace DevBot.Bot.Text;

/// <summary>
/// A language the bot speaks, chosen from the <c>language_code</c> Telegram sends with each update (English when it
/// speaks no language of the user's). Its texts are looked up by key; a key the language lacks falls back to English,
/// so a missing translation shows English rather than nothing.
/// </summary>
public sealed class ChatLanguage
{
    private readonly FrozenDictionary<string, string> _texts;

    private ChatLanguage(string code, string name, IReadOnlyDictionary<string, string> texts)
    {
        Code = code;
        Name = name;
        _texts = texts.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>ISO 639-1 code, as Telegram's <c>language_code</c> starts.</summary>
    public string Code { get; }

    /// <summary>The language's English name (what the Architect is told to speak).</summary>
    public string Name { get; }

    public static ChatLanguage English { get; } = new("en", "English", new Dictionary<string, string>());

    public static ChatLanguage Russian { get; } = new("ru", "Russian", RussianTexts.All);

    /// <summary>The languages besides English.</summary>
    public static IReadOnlyList<ChatLanguage> Others { get; } = [Russian];

    /// <summary>The language for a Telegram <c>language_code</c> ("ru", "ru-RU", …); English for anything else.</summary>
    public static ChatLanguage Of(string? languageCode) =>
        languageCode is { Length: >= 2 } code ? Others.FirstOrDefault(l => code.StartsWith(l.Code, StringComparison.OrdinalIgnoreCase)) ?? English : English;

    /// <summary>The text for <paramref name="key"/> in this language, else <paramref name="english"/>.</summary>
    public string Text(string key, string english) => _texts.TryGetValue(key, out var text) ? text : english;

    /// <summary>
    /// A formatted text: <paramref name="english"/> and the translation use the same numbered placeholders. In a
    /// translation, a value that ends with a period (an abbreviation: "12.00 кр.") takes the place of the sentence's
    /// period right after it, so no ".." shows; the English is formatted exactly as written.
    /// </summary>
    public string Format(string key, string english, params object?[] args)
    {
        var template = english;
        if (_texts.TryGetValue(key, out var translation))
        {
            template = translation;
            for (var i = 0; i < args.Length; i++)
            {
                if (args[i] is string value && value.EndsWith('.'))
                {
                    template = template.Replace("{" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}.", "{" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}",
                        StringComparison.Ordinal);
                }
            }
        }

        return string.Format(System.Globalization.CultureInfo.InvariantCulture, template, args);
    }

    public string MenuDescription(string command, string english) => Text("menu." + command, english);

    /// <summary>The keys this language has a text for (English has none: its texts are beside the keys where they are used).</summary>
    public IReadOnlyCollection<string> Keys => _texts.Keys;

    /// <summary>This language's own text for <paramref name="key"/>, without falling back to English.</summary>
    public bool TryGetText(string key, out string text) => _texts.TryGetValue(key, out text!);
}
