using System.Text;
using System.Text.RegularExpressions;

namespace DevBot.Bot.Text;

/// <summary>
/// Models write Markdown; Telegram shows HTML. This turns the common part of Markdown into the tags Telegram's HTML
/// parse mode knows (bold, italics, strikethrough, inline code, code blocks, links) and lists into bullets, and
/// escapes everything else, so the text can never carry a tag of its own or show raw <c>**</c>. Model text is hostile:
/// a marker without its closing partner stays as the literal character, each formatted span is rendered on its own
/// (so the tags always nest), and a link is made only for http(s) addresses.
/// </summary>
public static partial class TelegramMarkdown
{
    /// <summary>Telegram HTML for a model's Markdown.</summary>
    public static string ToHtml(string? markdown)
    {
        if (string.IsNullOrEmpty(markdown))
        {
            return string.Empty;
        }

        var html = new StringBuilder(markdown.Length + 32);
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (FenceOpen().Match(line) is { Success: true } fence)
            {
                // A fenced block runs to its closing fence (or to the end of the text when it has none).
                var code = new List<string>();
                var j = i + 1;
                while (j < lines.Length && !FenceClose().IsMatch(lines[j]))
                {
                    code.Add(lines[j]);
                    j++;
                }

                var language = fence.Groups[1].Value;
                html.Append(language.Length > 0 ? $"<pre><code class=\"language-{language}\">" : "<pre>")
                    .Append(Html.Escape(string.Join('\n', code)))
                    .Append(language.Length > 0 ? "</code></pre>" : "</pre>");
                i = j;
                if (i < lines.Length - 1)
                {
                    html.Append('\n');
                }

                continue;
            }

            html.Append(Line(line));
            if (i < lines.Length - 1)
            {
                html.Append('\n');
            }
        }

        return html.ToString();
    }

    /// <summary>The plain text a Markdown label reads as (for buttons, which take no formatting).</summary>
    public static string ToPlain(string? markdown) => Html.ToPlain(ToHtml(markdown)).Trim();

    private static string Line(string line)
    {
        if (Heading().Match(line) is { Success: true } heading)
        {
            return "<b>" + Inline(heading.Groups[1].Value.TrimEnd('#', ' ')) + "</b>";
        }

        if (Rule().IsMatch(line))
        {
            return "——————";
        }

        if (Bullet().Match(line) is { Success: true } bullet)
        {
            return bullet.Groups[1].Value + "• " + Inline(bullet.Groups[2].Value);
        }

        if (Quote().Match(line) is { Success: true } quote)
        {
            return "<i>" + Inline(quote.Groups[1].Value) + "</i>";
        }

        return Inline(line);
    }

    /// <summary>Inline formatting of one line; each span's inside is rendered on its own, so tags always nest.</summary>
    private static string Inline(string text)
    {
        var html = new StringBuilder(text.Length + 16);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length && IsMarker(text[i + 1]))
            {
                html.Append(Html.Escape(text[i + 1].ToString()));
                i += 2;
                continue;
            }

            if (c == '`' && Close(text, i + 1, "`") is { } codeEnd && codeEnd > i + 1)
            {
                html.Append("<code>").Append(Html.Escape(text[(i + 1)..codeEnd])).Append("</code>");
                i = codeEnd + 1;
                continue;
            }

            if (c == '[' && Link().Match(text, i) is { Success: true } link && link.Index == i)
            {
                var url = link.Groups[2].Value;
                html.Append(IsSafeUrl(url)
                    ? $"<a href=\"{Html.Escape(url).Replace("\"", "&quot;", StringComparison.Ordinal)}\">{Inline(link.Groups[1].Value)}</a>"
                    : Inline(link.Groups[1].Value) + " (" + Html.Escape(url) + ")");
                i += link.Length;
                continue;
            }

            var span = Span(text, i, "**", "b") ?? Span(text, i, "__", "b") ?? Span(text, i, "~~", "s") ?? Span(text, i, "*", "i") ?? Span(text, i, "_", "i");
            if (span is { } found)
            {
                html.Append(found.Html);
                i = found.Next;
                continue;
            }

            html.Append(Html.Escape(c.ToString()));
            i++;
        }

        return html.ToString();
    }

    /// <summary>
    /// A span opened by <paramref name="marker"/> at <paramref name="i"/>: only where it can open (followed by a
    /// non-space; for <c>_</c>, not inside a word such as snake_case) and only when a matching close follows.
    /// </summary>
    private static (string Html, int Next)? Span(string text, int i, string marker, string tag)
    {
        if (string.CompareOrdinal(text, i, marker, 0, marker.Length) != 0 || i + marker.Length >= text.Length || char.IsWhiteSpace(text[i + marker.Length]))
        {
            return null;
        }

        // A single marker must not be the start of a double one ("**" is bold, not two italics).
        if (marker.Length == 1 && text[i + 1] == marker[0])
        {
            return null;
        }

        var wordy = marker[0] == '_';
        if (wordy && i > 0 && char.IsLetterOrDigit(text[i - 1]))
        {
            return null;
        }

        var from = i + marker.Length;
        while (Close(text, from, marker) is { } end)
        {
            var closes = !char.IsWhiteSpace(text[end - 1])
                         && (marker.Length > 1 || end + 1 >= text.Length || text[end + 1] != marker[0])
                         && (!wordy || end + marker.Length >= text.Length || !char.IsLetterOrDigit(text[end + marker.Length]));
            if (closes)
            {
                return ($"<{tag}>{Inline(text[(i + marker.Length)..end])}</{tag}>", end + marker.Length);
            }

            from = end + marker.Length;
        }

        return null;
    }

    private static int? Close(string text, int from, string marker)
    {
        if (from >= text.Length)
        {
            return null;
        }

        var end = text.IndexOf(marker, from, StringComparison.Ordinal);
        return end < 0 ? null : end;
    }

    private static bool IsMarker(char c) => c is '*' or '_' or '`' or '[' or ']' or '~' or '\\' or '#';

    private static bool IsSafeUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    [GeneratedRegex(@"^\s{0,3}```\s*([A-Za-z0-9_+#.-]{0,20})\s*$")]
    private static partial Regex FenceOpen();

    [GeneratedRegex(@"^\s{0,3}```\s*$")]
    private static partial Regex FenceClose();

    [GeneratedRegex(@"^\s{0,3}#{1,6}\s+(.+)$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^(\s*)[-*+]\s+(.*)$")]
    private static partial Regex Bullet();

    [GeneratedRegex(@"^\s{0,3}([-*_])(\s*\1){2,}\s*$")]
    private static partial Regex Rule();

    [GeneratedRegex(@"^\s{0,3}>\s?(.*)$")]
    private static partial Regex Quote();

    [GeneratedRegex(@"\[([^\]\n]{1,200})\]\(([^)\s]{1,500})\)")]
    private static partial Regex Link();
}
