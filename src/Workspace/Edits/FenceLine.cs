namespace DevBot.Workspace.Edits;

/// <summary>A Markdown code fence line (``` or ~~~, three or more) and its info string.</summary>
internal readonly record struct FenceLine(char Char, int Length, string Info, int Indent)
{
    public bool IsBare => Info.Length == 0;

    /// <summary>The first word of the info string (the language tag), without a Cursor-style ":path" tail.</summary>
    public string Language
    {
        get
        {
            var first = Info.Split([' ', '\t', '{'], 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? string.Empty;
            var colon = first.IndexOf(':', StringComparison.Ordinal);
            return (colon >= 0 ? first[..colon] : first).ToLowerInvariant();
        }
    }

    public static FenceLine? TryParse(string line)
    {
        var indent = line.Length - line.TrimStart(' ').Length;
        var trimmed = line.Trim();
        if (trimmed.Length < 3 || (trimmed[0] != '`' && trimmed[0] != '~'))
        {
            return null;
        }

        var marker = trimmed[0];
        var length = 0;
        while (length < trimmed.Length && trimmed[length] == marker)
        {
            length++;
        }

        if (length < 3)
        {
            return null;
        }

        var info = trimmed[length..].Trim();
        // ```code``` on one line is inline code, not a fence.
        return marker == '`' && info.Contains('`', StringComparison.Ordinal) ? null : new FenceLine(marker, length, info, indent);
    }

    /// <summary>Whether <paramref name="other"/> closes a block opened by this fence.</summary>
    public bool IsClosedBy(FenceLine other) => other.IsBare && other.Char == Char && other.Length >= Length;
}
