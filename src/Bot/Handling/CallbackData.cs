using System.Globalization;

namespace DevBot.Bot.Handling;

/// <summary>
/// What a button sends back, within Telegram's 64 bytes: a verb, then arguments (a project id as 32 hex digits).
/// Parsing is strict: data that does not fit a verb's shape is ignored, whatever it says.
/// </summary>
public sealed record CallbackData(string Verb, Guid? ProjectId, int A, int B, string? Tag = null)
{
    public const string ConfirmScope = "sc";
    public const string ChangeScope = "sx";
    public const string StartDevelopment = "go";
    public const string DeclineStart = "no";
    public const string Retry = "rr";
    public const string Skip = "rs";
    public const string Stop = "rx";
    public const string RaiseCap = "cap";
    public const string Option = "op";
    public const string SendAnswers = "an";
    public const string ConfirmCancel = "cx";
    public const string KeepGoing = "cg";
    public const string Buy = "buy";
    public const string Download = "dl";
    public const string ShowCredits = "cr";
    public const string ChangePlan = "cp";
    public const string Rate = "rt";

    public static string For(string verb, Guid projectId) => $"{verb}:{projectId:N}";

    public static string For(string verb, Guid projectId, int a, int b, string tag) =>
        string.Create(CultureInfo.InvariantCulture, $"{verb}:{projectId:N}:{a}:{b}:{tag}");

    /// <summary>Six hex digits of a text's hash: enough to tell one question from another in a button.</summary>
    public static string TagOf(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)), 0, 3);

    public static string For(string verb, Guid projectId, int a) => string.Create(CultureInfo.InvariantCulture, $"{verb}:{projectId:N}:{a}");

    public static string For(string verb, int a) => string.Create(CultureInfo.InvariantCulture, $"{verb}:{a}");

    public static string For(string verb) => verb;

    public static CallbackData? Parse(string? data)
    {
        if (string.IsNullOrEmpty(data) || data.Length > 64)
        {
            return null;
        }

        var parts = data.Split(':');
        return (parts[0], parts.Length) switch
        {
            (ShowCredits, 1) => new CallbackData(parts[0], null, 0, 0),
            (Buy, 2) when Number(parts[1]) is { } index => new CallbackData(Buy, null, index, 0),
            (Rate, 3) when Project(parts[1]) is { } rated && Number(parts[2]) is { } stars => new CallbackData(Rate, rated, stars, 0),
            (Option, 5) when Project(parts[1]) is { } id && Number(parts[2]) is { } q && Number(parts[3]) is { } o && IsTag(parts[4]) => new CallbackData(Option, id, q, o, parts[4]),
            (ConfirmScope or ChangeScope or ChangePlan or StartDevelopment or DeclineStart or Retry or Skip or Stop or RaiseCap or SendAnswers or ConfirmCancel or KeepGoing or Download, 2)
                when Project(parts[1]) is { } id => new CallbackData(parts[0], id, 0, 0),
            _ => null,
        };
    }

    private static Guid? Project(string text) => text.Length == 32 && Guid.TryParseExact(text, "N", out var id) ? id : null;

    private static bool IsTag(string text) => text.Length == 6 && text.All(char.IsAsciiHexDigitLower);

    private static int? Number(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 0 and < 1000 ? n : null;
}
