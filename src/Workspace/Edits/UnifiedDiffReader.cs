namespace DevBot.Workspace.Edits;

/// <summary>
/// Reads unified diffs as models write them: with or without <c>diff --git</c>/<c>index</c> lines, with <c>a/</c> and
/// <c>b/</c> prefixes or without, with <c>@@ ... @@</c> or abbreviated <c>@@ -2 +2 @@</c> headers whose numbers are
/// ignored, a lone <c>+++</c> header, context lines that lost their leading space, and blank lines between files.
/// Each hunk becomes the lines it expects and the lines that replace them (as Aider's udiff coder does).
/// </summary>
internal static class UnifiedDiffReader
{
    /// <param name="lines">The diff's lines (a fenced block's content, or an unfenced diff).</param>
    /// <param name="firstLine">The 1-based reply line of <paramref name="lines"/>[0], for messages.</param>
    /// <param name="defaultPath">The path given outside the diff (the line before the fence), which wins for the first file.</param>
    public static string? Read(IReadOnlyList<string> lines, int firstLine, string? defaultPath, List<EditBlock> blocks, List<EditFailure> problems)
    {
        var sections = new List<Section>();
        Section? current = null;
        Hunk? hunk = null;

        void Flush()
        {
            if (hunk is not null && current is not null && hunk.HasChanges)
            {
                current.Hunks.Add(hunk.ToDiffHunk());
            }

            hunk = null;
        }

        Section Start(string? path, int line)
        {
            Flush();
            var section = new Section(sections.Count == 0 ? defaultPath ?? path : path ?? sections[^1].Path, line);
            sections.Add(section);
            return section;
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var number = firstLine + i;
            if (line.StartsWith("diff --git ", StringComparison.Ordinal))
            {
                var b = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(t => t.StartsWith("b/", StringComparison.Ordinal));
                current = Start(b?[2..], number);
                current.FromGitLine = true;
                continue;
            }

            var beforeHunk = hunk is null || hunk.IsEmpty;
            if (beforeHunk && IsMeta(line))
            {
                if (current is not null)
                {
                    current.CreatesFile |= line.StartsWith("new file mode", StringComparison.Ordinal);
                    current.DeletesFile |= line.StartsWith("deleted file mode", StringComparison.Ordinal);
                }

                continue;
            }

            if (line.StartsWith("--- ", StringComparison.Ordinal) && i + 1 < lines.Count && lines[i + 1].StartsWith("+++ ", StringComparison.Ordinal))
            {
                var (path, creates, deletes) = Header(line[4..], lines[i + 1][4..]);
                if (current is not { FromGitLine: true, Hunks.Count: 0 } || hunk is { IsEmpty: false })
                {
                    current = Start(path, number);
                }
                else
                {
                    Flush();
                    current.FromGitLine = false;
                    current.Path = sections.Count == 1 && defaultPath is not null ? defaultPath : path ?? current.Path;
                }

                current.CreatesFile |= creates;
                current.DeletesFile |= deletes;
                i++;
                continue;
            }

            if (line.StartsWith("+++ ", StringComparison.Ordinal) && (current is null || current.Hunks.Count == 0 && beforeHunk))
            {
                // A "+++" header without its "---" line (Aider PR #5369).
                var target = HeaderPath(line[4..]);
                var deletes = target == "/dev/null";
                var path = deletes ? null : target.StartsWith("b/", StringComparison.Ordinal) ? target[2..] : target;
                current = current is null || current.Hunks.Count > 0 ? Start(path, number) : current;
                current.Path ??= path;
                current.DeletesFile |= deletes;
                continue;
            }

            if (line.StartsWith("@@", StringComparison.Ordinal))
            {
                Flush();
                current ??= Start(null, number);
                hunk = new Hunk(number);
                continue;
            }

            if (line.StartsWith('\\'))
            {
                continue; // "\ No newline at end of file"
            }

            if (hunk is null)
            {
                if (line.Trim().Length == 0)
                {
                    continue;
                }

                current ??= Start(null, number);
                hunk = new Hunk(number);
            }

            hunk.Add(line);
        }

        Flush();
        string? lastPath = null;
        foreach (var section in sections)
        {
            if (section.Path is null)
            {
                problems.Add(new EditFailure("?", $"The diff at line {section.Line} names no file: put the file's path on the line before the ```diff fence, "
                                                  + "or better, use a SEARCH/REPLACE block:\n" + FormatHelp.SearchReplace));
                continue;
            }

            if (section.Hunks.Count == 0 && !section.DeletesFile)
            {
                problems.Add(new EditFailure(section.Path, $"The diff for {section.Path} (line {section.Line}) has no '-' or '+' lines, so it changes nothing; "
                                                           + "DevBot never writes a diff as a file's content. Use a SEARCH/REPLACE block:\n" + FormatHelp.SearchReplace));
                continue;
            }

            blocks.Add(new UnifiedDiffBlock(section.Path, section.Hunks, section.CreatesFile, section.DeletesFile, section.Line));
            lastPath = section.Path;
        }

        return lastPath;
    }

    private static bool IsMeta(string line) =>
        line.StartsWith("index ", StringComparison.Ordinal) || line.StartsWith("new file mode", StringComparison.Ordinal)
        || line.StartsWith("deleted file mode", StringComparison.Ordinal) || line.StartsWith("similarity index", StringComparison.Ordinal)
        || line.StartsWith("rename from", StringComparison.Ordinal) || line.StartsWith("rename to", StringComparison.Ordinal)
        || line.StartsWith("old mode", StringComparison.Ordinal) || line.StartsWith("new mode", StringComparison.Ordinal);

    private static (string? Path, bool Creates, bool Deletes) Header(string from, string to)
    {
        var a = HeaderPath(from);
        var b = HeaderPath(to);
        var creates = a == "/dev/null";
        var deletes = b == "/dev/null";
        if ((a.StartsWith("a/", StringComparison.Ordinal) || creates) && b.StartsWith("b/", StringComparison.Ordinal))
        {
            b = b[2..];
        }

        if (a.StartsWith("a/", StringComparison.Ordinal) && (b.StartsWith("b/", StringComparison.Ordinal) || deletes))
        {
            a = a[2..];
        }

        var path = deletes ? a : b;
        return (path.Length == 0 || path.StartsWith("/dev/null", StringComparison.Ordinal) ? null : path, creates, deletes);
    }

    private static string HeaderPath(string text)
    {
        var value = text;
        var tab = value.IndexOf('\t', StringComparison.Ordinal);
        if (tab >= 0)
        {
            value = value[..tab]; // "--- a/x.py\t2024-01-01 10:00:00"
        }

        value = value.Trim().Trim('"').Replace("`", string.Empty, StringComparison.Ordinal);
        while (value.StartsWith("./", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        return value;
    }

    private sealed class Section(string? path, int line)
    {
        public string? Path { get; set; } = path;

        public int Line { get; } = line;

        public bool CreatesFile { get; set; }

        public bool DeletesFile { get; set; }

        public bool FromGitLine { get; set; }

        public List<DiffHunk> Hunks { get; } = [];
    }

    private sealed class Hunk(int line)
    {
        private readonly List<(char Op, string Text)> _lines = [];

        public bool IsEmpty => _lines.Count == 0;

        public bool HasChanges => _lines.Any(l => l.Op != ' ');

        public void Add(string line)
        {
            if (line.Length == 0)
            {
                _lines.Add((' ', string.Empty)); // a context line whose leading space was lost
            }
            else if (line[0] is ' ' or '-' or '+')
            {
                _lines.Add((line[0], line[1..]));
            }
            else
            {
                // A context line without its leading space; it is checked against the file like any other.
                _lines.Add((' ', line));
            }
        }

        public DiffHunk ToDiffHunk()
        {
            var lines = _lines.ToList();
            while (lines.Count > 0 && lines[^1] is (' ', { Length: 0 }))
            {
                lines.RemoveAt(lines.Count - 1); // blank separator lines after the hunk
            }

            var before = lines.Where(l => l.Op != '+').Select(l => l.Text).ToList();
            var after = lines.Where(l => l.Op != '-').Select(l => l.Text).ToList();
            return new DiffHunk(Join(before), Join(after), line);
        }

        private static string Join(List<string> lines) => lines.Count == 0 ? string.Empty : string.Join('\n', lines) + "\n";
    }
}
