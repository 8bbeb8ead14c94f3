using System.Text;

namespace DevBot.Workspace.Edits;

/// <summary>
/// Finds a SEARCH section in a file and replaces it, or says precisely why not. In order:
/// an exact match of its lines; a match that ignores indentation and trailing blanks (the replacement is re-indented
/// the way the file is: by a uniform offset, as Aider does, or by mapping each indentation the model used to the
/// file's, which keeps tabs where the model wrote spaces); the same without a spurious blank first or last line;
/// and, when SEARCH elides lines with "..." and REPLACE elides the same places, each part on its own (Aider's
/// try_dotdotdots). A section found more than once is never guessed at. A REPLACE that stands for lines it does not
/// contain ("// ... existing code ...") is refused, since it would delete them.
/// </summary>
public static class SearchMatcher
{
    /// <summary>Applies one SEARCH/REPLACE to <paramref name="file"/>; returns null on success, else the error.</summary>
    public static string? Apply(TextFile file, string path, string search, string replace) =>
        Apply(file, path, TextFile.LinesOf(search), TextFile.LinesOf(replace), "SEARCH");

    /// <summary>As <see cref="Apply(TextFile, string, string, string)"/>; <paramref name="label"/> names the section in messages.</summary>
    internal static string? Apply(TextFile file, string path, List<string> searchLines, List<string> replaceLines, string label)
    {
        if (searchLines.Count == 0)
        {
            return $"{label} in {path} is empty, but the file exists: quote the exact lines to replace.";
        }

        var kind = Elisions.KindOf(path);
        var outcome = Place(file.Lines, searchLines, replaceLines, 0, path, label);
        if (outcome.Placement is null && outcome.Error is null && TrimBlankEdges(searchLines, replaceLines) is ({ } search, { } replace))
        {
            // A blank first or last SEARCH line the file does not have (Aider issue #25).
            outcome = Place(file.Lines, search, replace, 0, path, label);
        }

        if (outcome.Placement is null && outcome.Error is null && Unwrapped(searchLines, path) is { } unwrappedSearch)
        {
            // SEARCH and REPLACE quoted in fences of their own, or led by the file name (Aider's strip_quoted_wrapping).
            searchLines = unwrappedSearch;
            replaceLines = Unwrapped(replaceLines, path) ?? replaceLines;
            outcome = Place(file.Lines, searchLines, replaceLines, 0, path, label);
        }

        List<Placement> placements;
        List<string> replaced;
        if (outcome.Placement is not null)
        {
            placements = [outcome.Placement];
            replaced = replaceLines;
        }
        else if (outcome.Error is not null)
        {
            return outcome.Error;
        }
        else
        {
            var pieces = PlacePieces(file.Lines, searchLines, replaceLines, kind, path, label, out var piecesError);
            if (piecesError is not null)
            {
                return piecesError;
            }

            if (pieces is null)
            {
                return NotFound(file, path, searchLines, replaceLines, kind, label);
            }

            placements = pieces;
            replaced = pieces.SelectMany(p => p.NewLines).ToList();
        }

        var present = placements.SelectMany(p => file.Lines.Skip(p.Start).Take(p.Count)).Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);
        var elided = Elisions.Find(replaced, kind, present);
        if (elided.Count > 0)
        {
            return $"{path}: REPLACE contains \"{elided[0].Text}\", which stands for lines left out. REPLACE is written exactly as given, "
                   + "so the lines it stands for would be deleted: write them out, or make SEARCH smaller so that REPLACE holds only lines that change. "
                   + "(To skip unchanged lines inside one block, put the same \"...\" line at the same place in both SEARCH and REPLACE.)";
        }

        foreach (var placement in placements.OrderByDescending(p => p.Start))
        {
            file.Replace(placement.Start, placement.Count, placement.NewLines);
        }

        return null;
    }

    private static PlaceOutcome Place(List<string> lines, List<string> search, List<string> replace, int from, string path, string label)
    {
        var exact = Matches(lines, search, from, (a, b) => a.TrimEnd('\r') == b);
        if (exact.Count == 1)
        {
            return new PlaceOutcome(new Placement(exact[0], search.Count, replace), null);
        }

        if (exact.Count > 1)
        {
            return new PlaceOutcome(null, Ambiguous(path, search, exact, label));
        }

        var loose = Matches(lines, search, from, LooseEqual);
        if (loose.Count > 1)
        {
            return new PlaceOutcome(null, Ambiguous(path, search, loose, label));
        }

        if (loose.Count == 0)
        {
            return new PlaceOutcome(null, null);
        }

        var matched = lines.Skip(loose[0]).Take(search.Count).Select(l => l.TrimEnd('\r')).ToList();
        var reindented = Reindent(matched, search, replace);
        return reindented is null
            ? new PlaceOutcome(null,
                $"{label} in {path} matches lines {loose[0] + 1}-{loose[0] + search.Count} only when indentation is ignored, and the indentation of REPLACE cannot be "
                + $"carried over (the file indents with {Describe(matched)}, the block with {Describe(search)}). Copy the lines with their exact indentation:\n"
                + SimilarLines.Numbered(lines, loose[0], loose[0] + search.Count))
            : new PlaceOutcome(new Placement(loose[0], search.Count, reindented), null);
    }

    private static List<int> Matches(List<string> lines, List<string> search, int from, Func<string, string, bool> equal)
    {
        var found = new List<int>();
        for (var i = from; i + search.Count <= lines.Count; i++)
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

    private static bool LooseEqual(string fileLine, string searchLine)
    {
        var a = fileLine.Trim();
        var b = searchLine.Trim();
        return a == b;
    }

    /// <summary>The replacement indented as the file is, or null when the model's indentation cannot be mapped to it.</summary>
    private static List<string>? Reindent(List<string> matched, List<string> search, List<string> replace)
    {
        // Aider's replace_part_with_missing_leading_whitespace: drop what every line of SEARCH and REPLACE shares...
        var shared = search.Concat(replace).Where(l => l.Trim().Length > 0).Select(l => Indent(l).Length).DefaultIfEmpty(0).Min();
        var s = search.Select(l => l.Trim().Length > 0 ? l[shared..] : l).ToList();
        var r = replace.Select(l => l.Trim().Length > 0 ? l[shared..] : l).ToList();
        var pairs = new List<(string Model, string File)>();
        for (var k = 0; k < s.Count; k++)
        {
            if (s[k].Trim().Length > 0)
            {
                pairs.Add((Indent(s[k]), Indent(matched[k])));
            }
        }

        if (pairs.Count == 0)
        {
            return replace;
        }

        // ...then add back one prefix the file has on every line.
        var first = pairs[0];
        if (first.File.EndsWith(first.Model, StringComparison.Ordinal))
        {
            var prefix = first.File[..^first.Model.Length];
            if (pairs.All(p => p.File == prefix + p.Model))
            {
                return r.Select(l => l.Trim().Length > 0 ? prefix + l : l).ToList();
            }
        }

        // Otherwise map each indentation the model used to the file's (spaces written for a Makefile's tabs).
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (model, file) in pairs)
        {
            if (map.TryGetValue(model, out var known) && known != file)
            {
                return null;
            }

            map[model] = file;
        }

        var result = new List<string>(r.Count);
        foreach (var line in r)
        {
            if (line.Trim().Length == 0)
            {
                result.Add(line);
                continue;
            }

            var indent = Indent(line);
            var mapped = map.TryGetValue(indent, out var file) ? file : ConvertUnit(indent, map);
            if (mapped is null)
            {
                return null;
            }

            result.Add(mapped + line[indent.Length..]);
        }

        return result;
    }

    /// <summary>An indentation the model used only in REPLACE, converted with the spaces-per-tab ratio the matched lines show.</summary>
    private static string? ConvertUnit(string indent, Dictionary<string, string> map)
    {
        int? ratio = null;
        var spacesToTabs = true;
        var tabsToSpaces = true;
        foreach (var (model, file) in map)
        {
            if (model.Length == 0 && file.Length == 0)
            {
                continue;
            }

            spacesToTabs &= model.All(c => c == ' ') && file.All(c => c == '\t') && file.Length > 0 && model.Length % file.Length == 0;
            tabsToSpaces &= model.All(c => c == '\t') && file.All(c => c == ' ') && model.Length > 0 && file.Length % model.Length == 0;
            var unit = spacesToTabs ? model.Length / Math.Max(1, file.Length) : tabsToSpaces ? file.Length / Math.Max(1, model.Length) : 0;
            if (unit == 0 || ratio is not null && ratio != unit)
            {
                return null;
            }

            ratio = unit;
        }

        if (ratio is null)
        {
            return null;
        }

        if (spacesToTabs && indent.All(c => c == ' ') && indent.Length % ratio.Value == 0)
        {
            return new string('\t', indent.Length / ratio.Value);
        }

        return tabsToSpaces && indent.All(c => c == '\t') ? new string(' ', indent.Length * ratio.Value) : null;
    }

    private static List<string>? Unwrapped(List<string> lines, string path)
    {
        var result = lines.ToList();
        if (result.Count > 1 && result[0].Trim().EndsWith(Path.GetFileName(path), StringComparison.Ordinal) && PathText.FromLine(result[0]) is not null)
        {
            result.RemoveAt(0);
        }

        if (result.Count >= 2 && FenceLine.TryParse(result[0]) is { } open && FenceLine.TryParse(result[^1]) is { } close && open.IsClosedBy(close))
        {
            result = result.GetRange(1, result.Count - 2);
        }

        return result.Count < lines.Count && result.Count > 0 ? result : null;
    }

    private static (List<string>, List<string>)? TrimBlankEdges(List<string> search, List<string> replace)
    {
        var s = search.ToList();
        var r = replace.ToList();
        var changed = false;
        if (s.Count >= 2 && s[0].Trim().Length == 0)
        {
            s.RemoveAt(0);
            changed = true;
            if (r.Count > 0 && r[0].Trim().Length == 0)
            {
                r.RemoveAt(0);
            }
        }

        if (s.Count >= 2 && s[^1].Trim().Length == 0)
        {
            s.RemoveAt(s.Count - 1);
            changed = true;
            if (r.Count > 0 && r[^1].Trim().Length == 0)
            {
                r.RemoveAt(r.Count - 1);
            }
        }

        return changed ? (s, r) : null;
    }

    /// <summary>
    /// SEARCH and REPLACE elide the same places with "..." lines (Aider's try_dotdotdots): each part of SEARCH between them
    /// is found on its own, in order, and replaced by the matching part of REPLACE. Null when SEARCH elides nothing.
    /// </summary>
    private static List<Placement>? PlacePieces(List<string> lines, List<string> search, List<string> replace, ContentKind kind, string path, string label, out string? error)
    {
        error = null;
        var searchCuts = Cuts(search, kind);
        if (searchCuts.Count == 0)
        {
            return null;
        }

        var replaceCuts = Cuts(replace, kind);
        if (replaceCuts.Count != searchCuts.Count)
        {
            error = $"{label} in {path} leaves lines out with \"{search[searchCuts[0]].Trim()}\" ({searchCuts.Count} such line(s)), but REPLACE has {replaceCuts.Count}. "
                    + "DevBot can skip unchanged lines only when REPLACE has the same \"...\" line at the same place as SEARCH; otherwise copy the lines in full.";
            return null;
        }

        var searchParts = Split(search, searchCuts);
        var replaceParts = Split(replace, replaceCuts);
        var placements = new List<Placement>();
        var from = 0;
        for (var p = 0; p < searchParts.Count; p++)
        {
            var part = searchParts[p];
            if (part.All(l => l.Trim().Length == 0))
            {
                if (replaceParts[p].Any(l => l.Trim().Length > 0))
                {
                    error = $"{label} in {path}: part {p + 1} of SEARCH (between \"...\" lines) is empty, so DevBot cannot tell where its REPLACE lines go "
                            + $"(\"{replaceParts[p].First(l => l.Trim().Length > 0).Trim()}\"); quote the lines around them.";
                    return null;
                }

                continue;
            }

            var outcome = Place(lines, part, replaceParts[p], from, path, $"Part {p + 1} of {label} (between \"...\" lines)");
            if (outcome.Placement is null)
            {
                error = outcome.Error ?? $"{path}: part {p + 1} of {label} (between \"...\" lines) was not found after the part before it; "
                        + "each part must copy existing lines exactly and in file order:\n" + string.Join('\n', part);
                return null;
            }

            placements.Add(outcome.Placement);
            from = outcome.Placement.Start + outcome.Placement.Count;
        }

        return placements;
    }

    private static List<int> Cuts(List<string> lines, ContentKind kind)
    {
        var cuts = new List<int>();
        string? previous = null;
        for (var i = 0; i < lines.Count; i++)
        {
            // A bare "..." counts even where it could be Python's Ellipsis: SEARCH was tried as written first.
            if (Elisions.IsDotsOnly(lines[i]) || Elisions.IsMarker(lines[i], kind, previous))
            {
                cuts.Add(i);
            }

            if (lines[i].Trim().Length > 0)
            {
                previous = lines[i];
            }
        }

        return cuts;
    }

    private static List<List<string>> Split(List<string> lines, List<int> cuts)
    {
        var parts = new List<List<string>>();
        var start = 0;
        foreach (var cut in cuts.Append(lines.Count))
        {
            parts.Add(lines.GetRange(start, cut - start));
            start = cut + 1;
        }

        return parts;
    }

    private static string Indent(string line) => line[..(line.Length - line.TrimStart().Length)];

    private static string Describe(List<string> lines)
    {
        var indents = lines.Where(l => l.Trim().Length > 0).Select(Indent).Where(i => i.Length > 0).ToList();
        var tabs = indents.Any(i => i.Contains('\t', StringComparison.Ordinal));
        var spaces = indents.Any(i => i.Contains(' ', StringComparison.Ordinal));
        return tabs && spaces ? "tabs and spaces" : tabs ? "tabs" : spaces ? "spaces" : "no indentation";
    }

    private static string Ambiguous(string path, List<string> search, List<int> at, string label) =>
        $"{label} in {path} matches {at.Count} places (lines {string.Join(", ", at.Select(i => i + 1))}); "
        + $"add surrounding lines so it matches exactly one.\n{label}:\n{string.Join('\n', search)}";

    private static string NotFound(TextFile file, string path, List<string> search, List<string> replace, ContentKind kind, string label)
    {
        var message = new StringBuilder(label == "SEARCH"
                ? $"{path}: the SEARCH text was not found (SEARCH must copy existing lines exactly, with their whitespace, comments and blank lines).\nSEARCH:\n"
                : $"{path}: the lines {label} expects were not found (its unchanged and '-' lines must copy existing lines exactly).\nExpected lines:\n")
            .Append(string.Join('\n', search));
        var nonBlank = search.Where(l => l.Trim().Length > 0).ToList();
        if (nonBlank.Count > 0 && nonBlank.Count(l => l.StartsWith('+') || l.StartsWith('-')) * 2 >= nonBlank.Count)
        {
            message.Append("\nIts lines start with '-' or '+' like a diff: SEARCH must copy the file's lines as they are, "
                           + "and REPLACE must hold the new lines as they should be, with no '-' or '+' in front.");
        }

        if (Cuts(search, kind) is [var cut, ..])
        {
            message.Append("\nSEARCH leaves lines out (\"").Append(search[cut].Trim())
                .Append("\"): quote the lines themselves, or put the same \"...\" line at the same place in REPLACE.");
        }

        var shown = search.Count(l => l.Trim().Length > 0) == 0 ? -1 : SimilarLines.BestWindow(file.Lines, search);
        if (shown >= 0)
        {
            var from = Math.Max(0, shown - 2);
            var to = Math.Min(file.Lines.Count, shown + search.Count + 2);
            message.Append("\nDid you mean these lines of ").Append(path).Append(" (lines ").Append(from + 1).Append('-').Append(to).Append(")?\n")
                .Append(SimilarLines.Numbered(file.Lines, from, to));
        }
        else
        {
            message.Append("\nNothing like it is in ").Append(path).Append("; check that this is the right file.");
        }

        if (replace.Count > 0 && Matches(file.Lines, replace, 0, (a, b) => a.TrimEnd('\r') == b).Count > 0)
        {
            message.Append("\nThe REPLACE lines are already in ").Append(path).Append(": if this change is made already, leave this block out.");
        }

        return message.ToString();
    }
}
