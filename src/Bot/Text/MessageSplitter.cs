using System.Text;

namespace DevBot.Bot.Text;

/// <summary>
/// Cuts an HTML message into parts Telegram accepts (4096 characters each): at a paragraph break if one is near, else
/// a line break, else a space, never inside a tag or an entity; tags open at a cut are closed at the end of the part
/// and opened again at the start of the next, so each part is well-formed on its own.
/// </summary>
public static class MessageSplitter
{
    public const int TelegramLimit = 4096;

    public static IReadOnlyList<string> Split(string html, int limit = TelegramLimit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 64);
        if (html.Length <= limit)
        {
            return [html];
        }

        var parts = new List<string>();
        var open = new List<(string Name, string Tag)>();
        var position = 0;
        while (position < html.Length)
        {
            var prefix = string.Concat(open.Select(t => t.Tag));
            // Room for this part's text once the reopened tags and the closing tags it may need are counted.
            var room = limit - prefix.Length - ClosingLength(open) - 16;
            if (room < 32)
            {
                throw new InvalidOperationException("The message nests too many tags to be split.");
            }

            var end = html.Length - position <= room ? html.Length : CutPoint(html, position, room);
            var body = html[position..end];
            var stack = new List<(string Name, string Tag)>(open);
            Track(body, stack);
            // A tag opened in this part and still open at the cut must fit its closing too; back off when it does not.
            while (end < html.Length && prefix.Length + body.Length + ClosingLength(stack) > limit)
            {
                end = CutPoint(html, position, body.Length - 64);
                body = html[position..end];
                stack = new List<(string Name, string Tag)>(open);
                Track(body, stack);
            }

            var part = new StringBuilder(prefix).Append(body.TrimEnd());
            for (var i = stack.Count - 1; i >= 0; i--)
            {
                part.Append("</").Append(stack[i].Name).Append('>');
            }

            if (part.Length > 0)
            {
                parts.Add(part.ToString());
            }

            open = stack;
            position = end;
            while (position < html.Length && html[position] is '\n' or ' ')
            {
                position++;
            }
        }

        return parts;
    }

    private static int ClosingLength(List<(string Name, string Tag)> open) => open.Sum(t => t.Name.Length + 3);

    /// <summary>The best place to cut within <paramref name="room"/> characters from <paramref name="start"/>.</summary>
    private static int CutPoint(string html, int start, int room)
    {
        var limit = Math.Min(html.Length, start + Math.Max(1, room));
        var window = html.AsSpan(start, limit - start);
        foreach (var separator in new[] { "\n\n", "\n", " " })
        {
            var at = window.LastIndexOf(separator.AsSpan(), StringComparison.Ordinal);
            // Only a break in the last half of the window is worth it; otherwise parts get short.
            if (at > window.Length / 2 && IsOutsideMarkup(html, start + at))
            {
                return start + at;
            }
        }

        var cut = limit;
        while (cut > start + 1 && !IsOutsideMarkup(html, cut))
        {
            cut--;
        }

        if (char.IsLowSurrogate(html[cut]) && cut > start + 1)
        {
            cut--;
        }

        return cut;
    }

    /// <summary>True when position <paramref name="index"/> is not inside a tag (&lt;…&gt;) or an entity (&amp;…;).</summary>
    private static bool IsOutsideMarkup(string html, int index)
    {
        for (var i = index - 1; i >= 0 && index - i < 512; i--)
        {
            if (html[i] == '>')
            {
                break;
            }

            if (html[i] == '<')
            {
                return false;
            }
        }

        for (var i = index - 1; i >= 0 && index - i < 12; i--)
        {
            if (html[i] == ';' || char.IsWhiteSpace(html[i]))
            {
                break;
            }

            if (html[i] == '&')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Follows the tags of <paramref name="body"/>, leaving the ones still open in <paramref name="stack"/>.</summary>
    private static void Track(string body, List<(string Name, string Tag)> stack)
    {
        var i = 0;
        while ((i = body.IndexOf('<', i)) >= 0)
        {
            var close = body.IndexOf('>', i);
            if (close < 0)
            {
                break;
            }

            var tag = body[i..(close + 1)];
            if (tag.StartsWith("</", StringComparison.Ordinal))
            {
                var name = tag[2..^1].Trim();
                var at = stack.FindLastIndex(t => t.Name == name);
                if (at >= 0)
                {
                    stack.RemoveAt(at);
                }
            }
            else if (!tag.EndsWith("/>", StringComparison.Ordinal))
            {
                var name = tag[1..^1].Split(' ', 2)[0].Trim();
                stack.Add((name, tag));
            }

            i = close + 1;
        }
    }
}
