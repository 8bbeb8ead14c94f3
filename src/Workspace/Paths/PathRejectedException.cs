using System.Globalization;
using System.Text;

namespace DevBot.Workspace.Paths;

/// <summary>A path that would leave the repository (or touch what must not be touched); nothing was written.</summary>
public sealed class PathRejectedException(string path, string reason)
    : Exception($"'{Printable(path)}' is refused: {reason}.")
{
    public string Path { get; } = path;

    public string Reason { get; } = reason;

    /// <summary>
    /// The path as it may be shown in a chat or a log: controls and invisible or bidi characters become '?' (broken
    /// UTF-16 becomes U+FFFD), so that a refused name cannot reorder or hide the text around it.
    /// </summary>
    internal static string Printable(string path)
    {
        var shown = new StringBuilder(path.Length);
        foreach (var rune in path.EnumerateRunes())
        {
            var hidden = Rune.IsControl(rune) || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
            shown.Append(hidden ? "?" : rune.ToString());
        }

        if (shown.Length <= 200)
        {
            return shown.ToString();
        }

        var cut = char.IsHighSurrogate(shown[199]) ? 199 : 200; // never half a character
        return shown.ToString(0, cut) + "…";
    }
}
