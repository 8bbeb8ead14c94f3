using System.Text.RegularExpressions;

namespace DevBot.Workspace.Edits;

/// <summary>
/// Reads edits from a model's reply:
/// <list type="bullet">
/// <item>SEARCH/REPLACE blocks (Aider's diff format): a file path line, optionally a code fence, then
/// <c>&lt;&lt;&lt;&lt;&lt;&lt;&lt; SEARCH</c>, the lines to find, <c>=======</c>, their replacement,
/// <c>&gt;&gt;&gt;&gt;&gt;&gt;&gt; REPLACE</c>;</item>
/// <item>whole files (Aider's whole format): a file path line followed by a fenced block with the full content (use
/// four backticks when the content itself has ``` fences);</item>
/// <item>deletions: a line <c>DELETE path</c> outside fences.</item>
/// </list>
/// A fenced block without a file path before it is prose, not an edit.
/// </summary>
public static partial class EditParser
{
    private const string SearchMarker = "<<<<<<< SEARCH";
    private const string Divider = "=======";
    private const string ReplaceMarker = ">>>>>>> REPLACE";

    public static ParsedEdits Parse(string reply)
    {
        var lines = reply.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var blocks = new List<EditBlock>();
        var problems = new List<EditFailure>();
        string? lastPath = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.Trim();
            if (trimmed.StartsWith(SearchMarker, StringComparison.Ordinal))
            {
                var path = PathBefore(lines, i) ?? lastPath;
                var end = ReadSearchReplace(lines, i, out var search, out var replace, out var problem);
                if (path is null)
                {
                    problems.Add(new EditFailure("?", $"The SEARCH/REPLACE block at line {i + 1} names no file: put the file's path on the line before it."));
                }
                else if (problem is not null)
                {
                    problems.Add(new EditFailure(path, $"The SEARCH/REPLACE block for {path} (line {i + 1}) is malformed: {problem}"));
                }
                else
                {
                    blocks.Add(new SearchReplaceBlock(path, search, replace, i + 1));
                    lastPath = path;
                }

                i = end;
                continue;
            }

            var fence = FenceRegex().Match(trimmed);
            if (fence.Success)
            {
                var ticks = fence.Groups[1].Value;
                var close = FindClosingFence(lines, i + 1, ticks);
                var innerStart = i + 1;
                // A fence that opens a SEARCH block is handled when the marker line is reached.
                if (innerStart < lines.Length && lines[innerStart].Trim().StartsWith(SearchMarker, StringComparison.Ordinal))
                {
                    continue;
                }

                var path = PathBefore(lines, i);
                if (close < 0)
                {
                    if (path is not null)
                    {
                        problems.Add(new EditFailure(path, $"The code block for {path} (line {i + 1}) is not closed with {ticks}."));
                    }

                    break;
                }

                if (path is not null)
                {
                    var content = string.Join('\n', lines[innerStart..close]);
                    blocks.Add(new WholeFileBlock(path, close > innerStart ? content + "\n" : string.Empty, i + 1));
                    lastPath = path;
                }

                i = close;
                continue;
            }

            var delete = DeleteRegex().Match(trimmed);
            if (delete.Success)
            {
                blocks.Add(new DeleteFileBlock(CleanPath(delete.Groups[1].Value)!, i + 1));
            }
        }

        return new ParsedEdits(blocks, problems);
    }

    private static int ReadSearchReplace(string[] lines, int start, out string search, out string replace, out string? problem)
    {
        search = replace = string.Empty;
        problem = null;
        var divider = -1;
        for (var j = start + 1; j < lines.Length; j++)
        {
            var trimmed = lines[j].Trim();
            if (divider < 0 && trimmed == Divider)
            {
                divider = j;
            }
            else if (trimmed.StartsWith(ReplaceMarker, StringComparison.Ordinal))
            {
                if (divider < 0)
                {
                    problem = "it has no ======= line between SEARCH and REPLACE.";
                    return j;
                }

                search = Join(lines, start + 1, divider);
                replace = Join(lines, divider + 1, j);
                var end = j;
                if (end + 1 < lines.Length && FenceRegex().IsMatch(lines[end + 1].Trim()))
                {
                    end++;
                }

                return end;
            }
            else if (trimmed.StartsWith(SearchMarker, StringComparison.Ordinal))
            {
                problem = "a new SEARCH starts before this block's >>>>>>> REPLACE line.";
                return j - 1;
            }
        }

        problem = "it never ends with >>>>>>> REPLACE.";
        return lines.Length - 1;
    }

    private static string Join(string[] lines, int from, int to) =>
        to > from ? string.Join('\n', lines[from..to]) + "\n" : string.Empty;

    private static int FindClosingFence(string[] lines, int from, string ticks)
    {
        for (var j = from; j < lines.Length; j++)
        {
            if (lines[j].Trim() == ticks)
            {
                return j;
            }
        }

        return -1;
    }

    /// <summary>The file path on the nearest non-blank line above <paramref name="index"/> (skipping one opening fence).</summary>
    private static string? PathBefore(string[] lines, int index)
    {
        var j = index - 1;
        while (j >= 0 && string.IsNullOrWhiteSpace(lines[j]))
        {
            j--;
        }

        if (j >= 0 && FenceRegex().IsMatch(lines[j].Trim()))
        {
            // ```python right above a SEARCH marker: the path is above the fence (or in it: ```src/app.py).
            var info = FenceRegex().Match(lines[j].Trim()).Groups[2].Value;
            if (LooksLikePath(info))
            {
                return CleanPath(info);
            }

            j--;
            while (j >= 0 && string.IsNullOrWhiteSpace(lines[j]))
            {
                j--;
            }
        }

        return j >= 0 && LooksLikePath(lines[j]) ? CleanPath(lines[j]) : null;
    }

    private static bool LooksLikePath(string line)
    {
        var candidate = CleanPath(line);
        return candidate is { Length: > 0 } && !candidate.Contains(' ', StringComparison.Ordinal)
               && (candidate.Contains('.', StringComparison.Ordinal) || candidate.Contains('/', StringComparison.Ordinal)
                   || candidate is "Makefile" or "Dockerfile" or "LICENSE" or "Procfile")
               && !candidate.StartsWith("<<<", StringComparison.Ordinal) && !candidate.StartsWith(">>>", StringComparison.Ordinal)
               && candidate != Divider;
    }

    private static string? CleanPath(string line)
    {
        var value = line.Trim();
        value = PathDecorationRegex().Replace(value, string.Empty).Trim();
        value = value.Trim('`', '*', '"', '\'').TrimEnd(':').Trim();
        return value.Length == 0 ? null : value;
    }

    [GeneratedRegex(@"^(`{3,})\s*([^`\s]*)\s*$")]
    private static partial Regex FenceRegex();

    [GeneratedRegex(@"^DELETE(?:\s+FILE)?:?\s+(\S+)\s*$")]
    private static partial Regex DeleteRegex();

    [GeneratedRegex(@"^(#{1,6}\s+|[-*]\s+|(?i:file|path)\s*:\s*)")]
    private static partial Regex PathDecorationRegex();
}
