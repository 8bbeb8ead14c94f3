using System.Net;

namespace DevBot.Bot.Text;

/// <summary>Telegram's HTML parse mode: only &lt;, &gt; and &amp; need escaping in text.</summary>
public static class Html
{
    public static string Escape(string? text) =>
        string.IsNullOrEmpty(text) ? string.Empty : text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    public static string Bold(string text) => "<b>" + Escape(text) + "</b>";

    public static string Code(string text) => "<code>" + Escape(text) + "</code>";

    /// <summary>The text a user sees: tags removed and entities decoded (for the console chat and for length checks).</summary>
    public static string ToPlain(string html)
    {
        var plain = new System.Text.StringBuilder(html.Length);
        var inTag = false;
        foreach (var c in html)
        {
            if (c == '<')
            {
                inTag = true;
            }
            else if (c == '>' && inTag)
            {
                inTag = false;
            }
            else if (!inTag)
            {
                plain.Append(c);
            }
        }

        return WebUtility.HtmlDecode(plain.ToString());
    }
}
