using System.Text.RegularExpressions;

namespace DevBot.Workspace.Edits;

/// <summary>
/// One pass over a model's reply, line by line, keeping track of code fences. See <see cref="EditParser"/> for what
/// it accepts. Everything it is not sure of becomes a problem with a short example of the right layout, never a guess.
/// </summary>
internal sealed partial class ReplyReader
{
    private static readonly HashSet<string> DiffLanguages = new(StringComparer.OrdinalIgnoreCase) { "diff", "patch", "udiff" };

    private readonly string[] _lines;
    private readonly List<EditBlock> _blocks = [];
    private readonly List<EditFailure> _problems = [];
    private string? _lastPath;
    private FenceLine? _wrapper;

    // Path look-backs never reach above the end of the previous block, so a block's own last line is never taken
    // for the next block's path.
    private int _floor;

    public ReplyReader(string reply)
    {
        _lines = reply.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
    }

    public ParsedEdits Read()
    {
        var i = AfterOrphanReasoning();
        _floor = i;
        while (i < _lines.Length)
        {
            i = Step(i);
        }

        return new ParsedEdits(_blocks, _problems);
    }

    private int Step(int i)
    {
        var line = _lines[i];
        var trimmed = line.Trim();
        if (_wrapper is null && ReasoningOpenRegex().Match(trimmed) is { Success: true } reasoning)
        {
            return SkipReasoning(i, reasoning.Groups[1].Value);
        }

        if (MarkerLine.IsSearch(line))
        {
            return ReadSearchReplace(i);
        }

        if (MarkerLine.IsReplace(line))
        {
            Problem("?", $"Line {i + 1} has a {trimmed} line without a <<<<<<< SEARCH line and a ======= line before it. Write each block as:\n{FormatHelp.SearchReplace}");
            return i + 1;
        }

        if (MarkerLine.IsNearMissSearch(line) || MarkerLine.IsNearMissReplace(line))
        {
            Problem("?", $"Line {i + 1} (\"{trimmed}\") is not a marker DevBot reads: write {MarkerLine.Search}, {MarkerLine.Divider} and {MarkerLine.Replace} exactly, each alone on its line:\n{FormatHelp.SearchReplace}");
            return i + 1;
        }

        if (FenceLine.TryParse(line) is { } fence)
        {
            return ReadFence(i, fence);
        }

        if (IsUnfencedDiff(i))
        {
            return ReadUnfencedDiff(i);
        }

        var delete = DeleteRegex().Match(trimmed);
        if (delete.Success)
        {
            if (PathText.FromLine(delete.Groups["path"].Value) is { } path)
            {
                _blocks.Add(new DeleteFileBlock(path.Path, i + 1));
            }
            else
            {
                Problem("?", $"The DELETE line {i + 1} (\"{trimmed}\") names no file DevBot can read; write DELETE and the file's path, nothing else: DELETE path/to/file.ext");
            }
        }

        return i + 1;
    }

    private int ReadSearchReplace(int start)
    {
        var named = SearchPath(start, out var conflict);
        var path = named ?? _lastPath;
        var dividers = new List<int>();
        var end = start + 1;
        for (; end < _lines.Length; end++)
        {
            if (MarkerLine.IsReplace(_lines[end]))
            {
                break;
            }

            if (MarkerLine.IsSearch(_lines[end]))
            {
                Malformed(path, start, "a new <<<<<<< SEARCH starts before this block's >>>>>>> REPLACE line.");
                return end;
            }

            if (MarkerLine.IsDivider(_lines[end]))
            {
                dividers.Add(end);
            }
        }

        if (end >= _lines.Length)
        {
            Malformed(path, start, "it never ends with >>>>>>> REPLACE (was the answer cut off?). Nothing of it was applied.");
            return _lines.Length;
        }

        var divider = dividers.Count == 1 ? dividers[0] : dividers.Where(d => MarkerLine.IsExactDivider(_lines[d])).ToList() is [var only] ? only : -1;
        if (divider < 0)
        {
            Malformed(path, start, dividers.Count == 0
                ? "it has no ======= line between SEARCH and REPLACE."
                : $"it has {dividers.Count} ======= lines; a block has exactly one, between the SEARCH and the REPLACE lines.");
            return end + 1;
        }

        var next = ConsumeClosingFence(end + 1);
        if (conflict is not null)
        {
            Problem(named!, $"The SEARCH/REPLACE block at line {start + 1} names two files, {conflict} (on the line before the fence) and {named} (in the fence); "
                            + $"name one, alone on the line before the fence:\n{FormatHelp.SearchReplace}");
        }
        else if (path is null)
        {
            Problem("?", $"The SEARCH/REPLACE block at line {start + 1} names no file: put the file's path alone on the line before it (or before its opening fence):\n{FormatHelp.SearchReplace}");
        }
        else
        {
            _blocks.Add(new SearchReplaceBlock(path, Join(start + 1, divider), Join(divider + 1, end), start + 1));
            _lastPath = path;
        }

        _floor = next;
        return next;
    }

    /// <summary>After a block's REPLACE line: a bare fence next closes its wrapper (or a wrapper whose opening line was left out).</summary>
    private int ConsumeClosingFence(int from)
    {
        var next = NextNonBlank(from);
        if (next >= 0 && FenceLine.TryParse(_lines[next]) is { IsBare: true } fence && (_wrapper is not { } wrapper || wrapper.IsClosedBy(fence)))
        {
            _wrapper = null;
            return next + 1;
        }

        return from;
    }

    private int ReadFence(int start, FenceLine fence)
    {
        if (_wrapper is { } wrapper && wrapper.IsClosedBy(fence))
        {
            _wrapper = null;
            _floor = start + 1;
            return start + 1;
        }

        if (OpensSearchReplace(start))
        {
            _wrapper = fence;
            return start + 1;
        }

        if (HoldsOnlyAPath(start, fence, out var holderEnd))
        {
            // DeepSeek's layout: ```python / path / ``` / ```python / <<<<<<< SEARCH — the path is found by the look-back.
            return holderEnd + 1;
        }

        var close = FindClose(start, fence);
        var above = PathAbove(start);
        var info = PathText.FromInfo(fence.Info);
        if (close < 0)
        {
            if ((above ?? info) is { } named)
            {
                Problem(named.Path, $"The code block for {named.Path} (line {start + 1}) is not closed with {new string(fence.Char, fence.Length)}.");
            }

            return start + 1;
        }

        var floor = _floor;
        _floor = close + 1;
        var content = Dedent(start + 1, close, fence.Indent);
        if (above is { } a && info is { } b && a.Path != b.Path)
        {
            Problem(a.Path, $"The code block at line {start + 1} names two files, {a.Path} (above it) and {b.Path} (in its fence); name one, on the line before the fence.");
            return close + 1;
        }

        var path = above ?? info;
        if (IsDiff(fence, content) && !(path is { } p && (p.Path.EndsWith(".diff", StringComparison.OrdinalIgnoreCase) || p.Path.EndsWith(".patch", StringComparison.OrdinalIgnoreCase)) && !DiffLanguages.Contains(fence.Language)))
        {
            _lastPath = UnifiedDiffReader.Read(content, start + 2, path?.Path, _blocks, _problems) ?? _lastPath;
            return close + 1;
        }

        if (path is not { } target)
        {
            ExplainUnnamedBlock(start, content, floor);
            return close + 1;
        }

        if (target.PartialNote is { } note)
        {
            Problem(target.Path, $"The code block for {target.Path} (line {start + 1}) is marked \"({note})\", but a fenced block under a path replaces the whole file. "
                                 + $"Send the complete file, or change only the lines you need with a SEARCH/REPLACE block:\n{FormatHelp.SearchReplace}");
            return close + 1;
        }

        if (content.Any(MarkerLine.IsAnyMarker))
        {
            Problem(target.Path, $"The code block for {target.Path} (line {start + 1}) mixes file content with SEARCH/REPLACE markers. Put the path on the line before the "
                                 + $"block and start the block with <<<<<<< SEARCH:\n{FormatHelp.SearchReplace}");
            return close + 1;
        }

        if (fence is { Char: '`', Length: 3 } && Elisions.KindOf(target.Path) == ContentKind.Document && ClosesTooEarly(close))
        {
            Problem(target.Path, $"The block for {target.Path} (line {start + 1}) contains ``` fences of its own, so it is unclear where it ends. "
                                 + $"Wrap the whole file in four backticks (````) instead of three:\n{FormatHelp.WholeFile}");
            return close + 1;
        }

        if (content.Count > 0 && content[0].Replace("`", string.Empty, StringComparison.Ordinal).Replace("*", string.Empty, StringComparison.Ordinal).Trim() == target.Path)
        {
            content.RemoveAt(0); // the path repeated as the block's first line (not a comment, so it cannot be content)
        }

        _blocks.Add(new WholeFileBlock(target.Path, content.Count == 0 ? string.Empty : string.Join('\n', content) + "\n", start + 1));
        _lastPath = target.Path;
        return close + 1;
    }

    /// <summary>
    /// A fenced block with no path before it is prose, unless it is clearly an edit whose path was put in the wrong
    /// place; then the reply is refused with the reason, rather than applied without that file.
    /// </summary>
    private void ExplainUnnamedBlock(int start, List<string> content, int floor)
    {
        var first = content.FindIndex(l => l.Trim().Length > 0);
        if (first >= 0 && content.Count - first > 1 && PathText.FromLine(content[first]) is { } inside)
        {
            Problem(inside.Path, $"The code block at line {start + 1} names its file only inside the block (\"{content[first].Trim()}\"). "
                                 + $"Put the path alone on the line before the opening fence, and only the file's content inside:\n{FormatHelp.WholeFile}");
            return;
        }

        var above = NextNonBlankUp(start - 1);
        if (above >= floor && (PathText.FromProse(_lines[above]) ?? PathText.EndingIn(_lines[above])) is { } prose)
        {
            Problem(prose, $"The code block at line {start + 1} names its file ({prose}) only in the sentence before it. "
                           + $"Put the path alone on the line before the opening fence:\n{FormatHelp.WholeFile}\nor, to change part of it:\n{FormatHelp.SearchReplace}");
        }
    }

    private int ReadUnfencedDiff(int start)
    {
        var end = start;
        while (end < _lines.Length)
        {
            var line = _lines[end];
            if (line.Length == 0)
            {
                var next = end + 1 < _lines.Length ? _lines[end + 1] : string.Empty;
                if (next.Length == 0 || !(next[0] is ' ' or '+' or '-' or '@'))
                {
                    break;
                }
            }
            else if (!(line[0] is ' ' or '+' or '-' or '@' or '\\') && !line.StartsWith("diff --git ", StringComparison.Ordinal) && !line.StartsWith("index ", StringComparison.Ordinal)
                     && !line.StartsWith("new file mode", StringComparison.Ordinal) && !line.StartsWith("deleted file mode", StringComparison.Ordinal))
            {
                break;
            }

            end++;
        }

        var path = PathAbove(start);
        _lastPath = UnifiedDiffReader.Read(_lines[start..end], start + 1, path?.Path, _blocks, _problems) ?? _lastPath;
        _floor = end;
        return end;
    }

    private bool IsUnfencedDiff(int i) =>
        _lines[i].StartsWith("diff --git ", StringComparison.Ordinal)
        || _lines[i].StartsWith("--- ", StringComparison.Ordinal) && i + 2 < _lines.Length && _lines[i + 1].StartsWith("+++ ", StringComparison.Ordinal)
           && _lines[i + 2].StartsWith("@@", StringComparison.Ordinal);

    private static bool IsDiff(FenceLine fence, List<string> content)
    {
        if (DiffLanguages.Contains(fence.Language))
        {
            return true;
        }

        var first = content.FindIndex(l => l.Trim().Length > 0);
        if (first < 0)
        {
            return false;
        }

        var line = content[first];
        return line.StartsWith("diff --git ", StringComparison.Ordinal)
               || line.StartsWith("--- ", StringComparison.Ordinal) && first + 1 < content.Count && content[first + 1].StartsWith("+++ ", StringComparison.Ordinal)
               || HunkHeaderRegex().IsMatch(line);
    }

    /// <summary>Whether the fence at <paramref name="start"/> wraps SEARCH/REPLACE blocks (optionally with the path as its first line).</summary>
    private bool OpensSearchReplace(int start)
    {
        var first = NextNonBlank(start + 1);
        if (first < 0 || FenceLine.TryParse(_lines[first]) is not null)
        {
            return false;
        }

        if (MarkerLine.IsSearch(_lines[first]) || MarkerLine.IsNearMissSearch(_lines[first]))
        {
            return true;
        }

        var second = NextNonBlank(first + 1);
        return second >= 0 && (PathText.FromLine(_lines[first]) is not null || PathText.FromProse(_lines[first]) is not null)
               && (MarkerLine.IsSearch(_lines[second]) || MarkerLine.IsNearMissSearch(_lines[second]));
    }

    private bool HoldsOnlyAPath(int start, FenceLine fence, out int close)
    {
        close = -1;
        var path = NextNonBlank(start + 1);
        if (path < 0 || PathText.FromLine(_lines[path]) is null)
        {
            return false;
        }

        var end = NextNonBlank(path + 1);
        if (end < 0 || FenceLine.TryParse(_lines[end]) is not { } closing || !fence.IsClosedBy(closing))
        {
            return false;
        }

        var after = NextNonBlank(end + 1);
        if (after < 0 || !(MarkerLine.IsSearch(_lines[after]) || FenceLine.TryParse(_lines[after]) is not null && OpensSearchReplace(after)))
        {
            return false;
        }

        close = end;
        return true;
    }

    /// <summary>
    /// The line that closes the block opened at <paramref name="start"/>. Inner fences are tracked: one with a language
    /// tag always opens an inner block, and a bare one closes the innermost open block first, so a Markdown file with
    /// ```bash samples survives inside a three-backtick fence.
    /// </summary>
    private int FindClose(int start, FenceLine fence)
    {
        var inner = new Stack<FenceLine>();
        for (var j = start + 1; j < _lines.Length; j++)
        {
            if (FenceLine.TryParse(_lines[j]) is not { } line || line.Char != fence.Char)
            {
                continue;
            }

            if (!line.IsBare)
            {
                inner.Push(line);
            }
            else if (inner.Count > 0 && inner.Peek().IsClosedBy(line))
            {
                inner.Pop();
            }
            else if (fence.IsClosedBy(line))
            {
                return j;
            }
            else
            {
                inner.Push(line); // a shorter bare fence inside a longer one opens an unlabelled sample
            }
        }

        return -1;
    }

    /// <summary>
    /// After a three-backtick block of a document closed at <paramref name="close"/>: a bare fence before the next edit
    /// means the block probably ended at its first inner fence (Aider issue #22).
    /// </summary>
    private bool ClosesTooEarly(int close)
    {
        FenceLine? sample = null;
        for (var j = close + 1; j < _lines.Length; j++)
        {
            var line = _lines[j];
            if (sample is null && (MarkerLine.IsSearch(line) || DeleteRegex().IsMatch(line.Trim())))
            {
                return false;
            }

            if (FenceLine.TryParse(line) is not { } fence)
            {
                continue;
            }

            if (sample is { } open)
            {
                sample = open.IsClosedBy(fence) ? null : sample;
            }
            else if (PathAbove(j) is not null || PathText.FromInfo(fence.Info) is not null)
            {
                return false; // the next file's block
            }
            else if (fence.IsBare && fence.Char == '`')
            {
                return true; // the rest of the document, or the end of a sample whose start closed the block
            }
            else
            {
                sample = fence; // a labelled sample in the prose after the block
            }
        }

        return false;
    }

    /// <summary>The path on the line above a fence (one blank line allowed), unless that line continues a paragraph.</summary>
    private PathCandidate? PathAbove(int fence)
    {
        var j = fence - 1;
        if (j >= _floor && _lines[j].Trim().Length == 0)
        {
            j--;
        }

        if (j < _floor || FenceLine.TryParse(_lines[j]) is not null || MarkerLine.IsAnyMarker(_lines[j]) || PathText.FromLine(_lines[j]) is not { } path)
        {
            return null;
        }

        // "Install what is listed in\nrequirements.txt\n```bash" — a bare word that ends a sentence does not name the
        // block; a decorated one (**x**, `x`:, ### x) was meant as a heading.
        var before = j - 1;
        if (_lines[j].Trim() == path.Path && before >= _floor && _lines[before].Trim() is { Length: > 0 } previous && FenceLine.TryParse(previous) is null && !MarkerLine.IsAnyMarker(previous)
            && !EndsParagraphRegex().IsMatch(previous))
        {
            return null;
        }

        return path;
    }

    /// <summary>
    /// The path of a SEARCH/REPLACE block at <paramref name="search"/>: the nearest line above that names one, looking
    /// through up to three fence lines (Aider's find_filename), a fence's info string, or a lead-in such as "In `x.py`:".
    /// </summary>
    private string? SearchPath(int search, out string? conflict)
    {
        conflict = null;
        var fences = 0;
        for (var j = search - 1; j >= _floor; j--)
        {
            var line = _lines[j];
            if (line.Trim().Length == 0)
            {
                continue;
            }

            if (FenceLine.TryParse(line) is { } fence)
            {
                if (PathText.FromInfo(fence.Info) is { } info)
                {
                    var above = NextNonBlankUp(j - 1);
                    if (above >= _floor && PathText.FromLine(_lines[above]) is { } other && other.Path != info.Path)
                    {
                        conflict = other.Path;
                    }

                    return info.Path;
                }

                if (++fences > 3)
                {
                    return null;
                }

                continue;
            }

            return PathText.FromLine(line)?.Path ?? PathText.FromProse(line);
        }

        return null;
    }

    private int AfterOrphanReasoning()
    {
        // DeepSeek-R1 served through some providers drops the opening <think> but keeps the closing tag.
        for (var i = 0; i < _lines.Length; i++)
        {
            var trimmed = _lines[i].Trim();
            if (ReasoningOpenRegex().IsMatch(trimmed))
            {
                return 0;
            }

            if (ReasoningCloseRegex().IsMatch(trimmed))
            {
                return i + 1;
            }
        }

        return 0;
    }

    private int SkipReasoning(int start, string tag)
    {
        var close = new Regex($"</{Regex.Escape(tag)}>", RegexOptions.IgnoreCase);
        for (var j = start; j < _lines.Length; j++)
        {
            if (close.IsMatch(_lines[j]))
            {
                _floor = j + 1;
                return j + 1;
            }
        }

        Problem("?", $"The answer opens <{tag}> at line {start + 1} and never closes it, so everything after it reads as reasoning. "
                     + $"Close it with </{tag}> before the edit blocks, or leave it out.");
        return _lines.Length;
    }

    private List<string> Dedent(int from, int to, int indent)
    {
        var lines = new List<string>(to - from);
        for (var j = from; j < to; j++)
        {
            var line = _lines[j];
            var spaces = 0;
            while (spaces < indent && spaces < line.Length && line[spaces] == ' ')
            {
                spaces++;
            }

            lines.Add(line[spaces..]);
        }

        return lines;
    }

    private string Join(int from, int to) => to > from ? string.Join('\n', _lines[from..to]) + "\n" : string.Empty;

    private int NextNonBlank(int from)
    {
        for (var j = from; j < _lines.Length; j++)
        {
            if (_lines[j].Trim().Length > 0)
            {
                return j;
            }
        }

        return -1;
    }

    private int NextNonBlankUp(int from)
    {
        for (var j = from; j >= 0; j--)
        {
            if (_lines[j].Trim().Length > 0)
            {
                return j;
            }
        }

        return -1;
    }

    private void Malformed(string? path, int start, string problem) =>
        Problem(path ?? "?", $"The SEARCH/REPLACE block {(path is null ? string.Empty : $"for {path} ")}(line {start + 1}) is malformed: {problem}\n{FormatHelp.SearchReplace}");

    private void Problem(string path, string message) => _problems.Add(new EditFailure(path, message));

    [GeneratedRegex(@"^<(think|thinking|reasoning)>", RegexOptions.IgnoreCase)]
    private static partial Regex ReasoningOpenRegex();

    [GeneratedRegex(@"^</(?:think|thinking|reasoning)>", RegexOptions.IgnoreCase)]
    private static partial Regex ReasoningCloseRegex();

    [GeneratedRegex(@"^(?:[-*]\s+)?\**DELETE\**(?:\s+FILE)?\**\s*:?\s+(?<path>\S.*)$")]
    private static partial Regex DeleteRegex();

    [GeneratedRegex(@"^@@.*@@")]
    private static partial Regex HunkHeaderRegex();

    [GeneratedRegex(@"(?:[:.!?)\]>*`]|^#{1,6}\s.*|^\s*(?:[-*+]|\d+[.)])\s.*)$")]
    private static partial Regex EndsParagraphRegex();
}
