using System.Globalization;
using System.Text.RegularExpressions;

namespace DevBot.AdminConsole;

/// <summary>
/// Moments as operators type them: an ISO date or time (UTC unless it says otherwise), <c>now</c>, <c>today</c>,
/// <c>yesterday</c> (midnight UTC), or an age such as <c>90m</c>, <c>12h</c>, <c>7d</c>, <c>2w</c> (that long ago).
/// </summary>
public static partial class RelativeTime
{
    public const string Forms = "an ISO date or time (2026-11-01, 2026-11-01T12:00Z), now, today, yesterday, or an age like 90m, 12h, 7d, 2w";

    public static bool TryParse(string? text, DateTimeOffset now, out DateTimeOffset value)
    {
        value = default;
        var trimmed = text?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(trimmed))
        {
            return false;
        }

        var midnight = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        switch (trimmed)
        {
            case "now":
                value = now;
                return true;
            case "today":
                value = midnight;
                return true;
            case "yesterday":
                value = midnight.AddDays(-1);
                return true;
        }

        var age = Age().Match(trimmed);
        if (age.Success && int.TryParse(age.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count <= 100_000)
        {
            var span = age.Groups[2].Value switch
            {
                "m" => TimeSpan.FromMinutes(count),
                "h" => TimeSpan.FromHours(count),
                "d" => TimeSpan.FromDays(count),
                _ => TimeSpan.FromDays(7 * count),
            };
            value = now - span;
            return true;
        }

        return DateTimeOffset.TryParse(text!.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }

    [GeneratedRegex("^([0-9]+)\\s*(m|h|d|w)$")]
    private static partial Regex Age();
}
