namespace DevBot.Workspace.Edits;

/// <summary>A text file as lines, remembering its line ending (CRLF when most of its lines use it) and final newline.</summary>
public sealed class TextFile
{
    private TextFile(List<string> lines, string newline, bool endsWithNewline)
    {
        Lines = lines;
        Newline = newline;
        EndsWithNewline = endsWithNewline;
    }

    public List<string> Lines { get; }

    public string Newline { get; }

    public bool EndsWithNewline { get; private set; }

    public static TextFile Parse(string text)
    {
        var newline = NewlineOf(text);
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        var endsWithNewline = normalized.EndsWith('\n');
        var lines = normalized.Split('\n').ToList();
        if (endsWithNewline || normalized.Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return new TextFile(lines, newline, endsWithNewline || normalized.Length == 0);
    }

    /// <summary>"\r\n" when most line breaks of <paramref name="text"/> are CRLF, else "\n".</summary>
    public static string NewlineOf(string text)
    {
        var crlf = CountOf(text, "\r\n");
        var lf = CountOf(text, "\n") - crlf;
        return crlf > lf ? "\r\n" : "\n";
    }

    /// <summary><paramref name="content"/> with every line break written as <paramref name="newline"/>.</summary>
    public static string WithNewline(string content, string newline)
    {
        var normalized = content.Replace("\r\n", "\n", StringComparison.Ordinal);
        return newline == "\n" ? normalized : normalized.Replace("\n", newline, StringComparison.Ordinal);
    }

    /// <summary>Lines of a SEARCH or REPLACE section (its trailing newline ends the last line, it is not an extra one).</summary>
    public static List<string> LinesOf(string section)
    {
        var normalized = section.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (normalized.Length == 0)
        {
            return [];
        }

        var lines = normalized.Split('\n').ToList();
        if (normalized.EndsWith('\n'))
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines;
    }

    /// <summary>
    /// Replaces <paramref name="count"/> lines at <paramref name="start"/>. Removing the unterminated last line leaves the
    /// line before it as the last one, which was terminated, so the file then ends with a newline (as a byte-wise edit would).
    /// </summary>
    public void Replace(int start, int count, IReadOnlyList<string> replacement)
    {
        var touchesEnd = start + count == Lines.Count;
        Lines.RemoveRange(start, count);
        Lines.InsertRange(start, replacement);
        if (touchesEnd && count > 0 && replacement.Count == 0 && !EndsWithNewline)
        {
            EndsWithNewline = true;
        }
    }

    public string Render() => string.Join(Newline, Lines) + (EndsWithNewline && Lines.Count > 0 ? Newline : string.Empty);

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
