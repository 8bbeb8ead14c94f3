using System.Text;

namespace DevBot.Workspace.Edits;

/// <summary>
/// Finds a SEARCH section in a file: an exact match of its lines first, then a match that ignores leading and
/// trailing whitespace on each line (re-indenting the replacement by the same offset). A section found more than
/// once, or not at all, is an error that quotes what the model should look at.
/// </summary>
public static class SearchMatcher
{
    /// <summary>Applies one SEARCH/REPLACE to <paramref name="file"/>; returns null on success, else the error.</summary>
    public static string? Apply(TextFile file, string path, string search, string replace)
    {
        var searchLines = TextFile.LinesOf(search);
        var replaceLines = TextFile.LinesOf(replace);
        if (searchLines.Count == 0)
        {
            return $"SEARCH in {path} is empty, but the file exists: quote the exact lines to replace.";
        }

        var exact = Matches(file.Lines, searchLines, (a, b) => a.TrimEnd('\r') == b);
        if (exact.Count == 1)
        {
            file.Lines.RemoveRange(exact[0], searchLines.Count);
            file.Lines.InsertRange(exact[0], replaceLines);
            return null;
        }

        if (exact.Count > 1)
        {
            return Ambiguous(path, search, exact);
        }

        var loose = Matches(file.Lines, searchLines, (a, b) => a.Trim() == b.Trim());
        if (loose.Count == 1)
        {
            var at = loose[0];
            var reindented = Reindent(file.Lines.Skip(at).Take(searchLines.Count).ToList(), searchLines, replaceLines);
            file.Lines.RemoveRange(at, searchLines.Count);
            file.Lines.InsertRange(at, reindented);
            return null;
        }

        if (loose.Count > 1)
        {
            return Ambiguous(path, search, loose);
        }

        return NotFound(file, path, search, searchLines);
    }

    private static List<int> Matches(List<string> lines, List<string> search, Func<string, string, bool> equal)
    {
        var found = new List<int>();
        for (var i = 0; i + search.Count <= lines.Count; i++)
        {
            var all = true;
            for (var k = 0; k < search.Count && all; k++)
            {
                all = equal(lines[i + k], search[k]);
            }

            if (all)
            {
                found.Add(i);
            }
        }

        return found;
    }

    private static List<string> Reindent(List<string> matched, List<string> search, List<string> replace)
    {
        var k = search.FindIndex(l => l.Trim().Length > 0);
        if (k < 0)
        {
            return replace;
        }

        var have = Indent(matched[k]);
        var want = Indent(search[k]);
        return replace.Select(line =>
        {
            if (line.Trim().Length == 0)
            {
                return line;
            }

            if (have.StartsWith(want, StringComparison.Ordinal))
            {
                return have[want.Length..] + line;
            }

            if (want.StartsWith(have, StringComparison.Ordinal) && Indent(line).Length >= want.Length - have.Length)
            {
                return line[(want.Length - have.Length)..];
            }

            return line;
        }).ToList();
    }

    private static string Indent(string line) => line[..(line.Length - line.TrimStart().Length)];

    private static string Ambiguous(string path, string search, List<int> at) =>
        $"SEARCH in {path} matches {at.Count} places (lines {string.Join(", ", at.Select(i => i + 1))}); "
        + $"add surrounding lines so it matches exactly one.\nSEARCH:\n{search.TrimEnd('\n')}";

    private static string NotFound(TextFile file, string path, string search, List<string> searchLines)
    {
        var best = -1;
        var bestScore = 0;
        for (var i = 0; i < Math.Max(1, file.Lines.Count - searchLines.Count + 1); i++)
        {
            var score = 0;
            for (var k = 0; k < searchLines.Count && i + k < file.Lines.Count; k++)
            {
                if (file.Lines[i + k].Trim() == searchLines[k].Trim())
                {
                    score++;
                }
            }

            if (score > bestScore)
            {
                best = i;
                bestScore = score;
            }
        }

        var message = new StringBuilder()
            .Append(path).Append(": the SEARCH text was not found (SEARCH must copy existing lines exactly).\nSEARCH:\n")
            .Append(search.TrimEnd('\n'));
        if (best >= 0)
        {
            var from = Math.Max(0, best - 1);
            var to = Math.Min(file.Lines.Count, best + searchLines.Count + 1);
            message.Append("\nClosest lines in ").Append(path).Append(" (lines ").Append(from + 1).Append('-').Append(to).Append("):\n");
            for (var i = from; i < to; i++)
            {
                message.Append(i + 1).Append("| ").Append(file.Lines[i].TrimEnd('\r')).Append('\n');
            }
        }
        else
        {
            message.Append("\nNo line of it occurs in ").Append(path).Append('.');
        }

        return message.ToString().TrimEnd('\n');
    }
}
