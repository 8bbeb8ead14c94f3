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

    public bool EndsWithNewline { get; }

    public static TextFile Parse(string text)
    {
        var crlf = CountOf(text, "\r\n");
        var lf = CountOf(text, "\n") - crlf;
        var newline = crlf > lf ? "\r\n" : "\n";
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        var endsWithNewline = normalized.EndsWith('\n');
        var lines = normalized.Split('\n').ToList();
        if (endsWithNewline)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return new TextFile(lines, newline, endsWithNewline || normalized.Length == 0);
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
