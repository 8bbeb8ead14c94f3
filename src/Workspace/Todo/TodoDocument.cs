using System.Globalization;
using System.Text.RegularExpressions;

namespace DevBot.Workspace.Todo;

/// <summary>
/// TODO.md as DevBot reads and changes it: phases are headings, items are markdown checkboxes (nested by
/// indentation). Changes touch only the lines they concern — marking flips one <c>[ ]</c>, appending adds lines at
/// the end — so everything else in the file (wording, spacing, line endings) stays byte for byte as it was.
/// </summary>
public sealed partial class TodoDocument
{
    private readonly List<string> _lines;
    private readonly string _newline;
    private readonly bool _endsWithNewline;

    private TodoDocument(List<string> lines, string newline, bool endsWithNewline)
    {
        _lines = lines;
        _newline = newline;
        _endsWithNewline = endsWithNewline;
        Phases = Read();
    }

    public IReadOnlyList<TodoPhase> Phases { get; private set; }

    public IEnumerable<TodoItem> Items => Phases.SelectMany(p => p.Items);

    public int Done => Phases.Sum(p => p.Done);

    public int Total => Phases.Sum(p => p.Total);

    public static TodoDocument Parse(string markdown)
    {
        var newline = markdown.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var normalized = markdown.Replace("\r\n", "\n", StringComparison.Ordinal);
        var endsWithNewline = normalized.EndsWith('\n');
        var lines = normalized.Split('\n').ToList();
        if (endsWithNewline)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return new TodoDocument(lines, newline, endsWithNewline);
    }

    public TodoItem? Find(string id) => Items.FirstOrDefault(i => i.Id == id);

    /// <summary>The first open item, in file order (the next one to implement).</summary>
    public TodoItem? NextOpen() => Items.FirstOrDefault(i => !i.Done);

    /// <summary>Marks an item done by flipping its checkbox; false when there is no such item.</summary>
    public bool MarkDone(string id)
    {
        var item = Find(id);
        if (item is null)
        {
            return false;
        }

        if (!item.Done)
        {
            var line = _lines[item.LineIndex];
            var box = CheckboxRegex().Match(line);
            _lines[item.LineIndex] = line[..box.Index] + "[x]" + line[(box.Index + box.Length)..];
            Phases = Read();
        }

        return true;
    }

    /// <summary>
    /// Appends items under <paramref name="heading"/> (a new <c>##</c> section at the end, or the end of that
    /// section when it exists), numbered <c>{prefix}.1</c>, <c>{prefix}.2</c>… after any already there; returns them.
    /// </summary>
    public IReadOnlyList<TodoItem> Append(string heading, string idPrefix, IEnumerable<string> texts)
    {
        var phase = Phases.FirstOrDefault(p => p.Title == heading);
        var existing = phase?.Items.Count(i => i.Id.StartsWith(idPrefix + ".", StringComparison.Ordinal)) ?? 0;
        var newLines = texts.Select(t => t.Replace("\r", string.Empty, StringComparison.Ordinal).Replace('\n', ' ').Trim())
            .Where(t => t.Length > 0)
            .Select((t, i) => $"- [ ] {idPrefix}.{(existing + i + 1).ToString(CultureInfo.InvariantCulture)} {t}")
            .ToList();
        if (newLines.Count == 0)
        {
            return [];
        }

        if (phase is null)
        {
            if (_lines.Count > 0 && _lines[^1].Trim().Length > 0)
            {
                _lines.Add(string.Empty);
            }

            _lines.Add("## " + heading);
            _lines.Add(string.Empty);
            _lines.AddRange(newLines);
        }
        else
        {
            var end = phase.Items.Count > 0 ? phase.Items.Max(i => i.LineIndex) + 1 : phase.LineIndex + 1;
            _lines.InsertRange(end, newLines);
        }

        Phases = Read();
        var ids = newLines.Select(l => ItemRegex().Match(l).Groups["id"].Value).ToHashSet();
        return Items.Where(i => ids.Contains(i.Id)).ToList();
    }

    public string Render() => string.Join(_newline, _lines) + (_endsWithNewline ? _newline : string.Empty);

    private List<TodoPhase> Read()
    {
        var phases = new List<TodoPhase>();
        string? title = null;
        var titleLine = -1;
        var items = new List<TodoItem>();
        var counters = new List<int>();
        var indents = new List<int>();
        var inFence = false;
        for (var i = 0; i < _lines.Count; i++)
        {
            var line = _lines[i];
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }

            if (inFence)
            {
                continue;
            }

            var heading = HeadingRegex().Match(line);
            if (heading.Success)
            {
                if (title is not null || items.Count > 0)
                {
                    phases.Add(new TodoPhase(title ?? "(untitled)", titleLine, items));
                }

                title = heading.Groups[1].Value.Trim();
                titleLine = i;
                items = [];
                counters.Clear();
                indents.Clear();
                continue;
            }

            var item = ItemRegex().Match(line);
            if (!item.Success)
            {
                continue;
            }

            var indent = item.Groups["indent"].Value.Replace("\t", "    ", StringComparison.Ordinal).Length;
            while (indents.Count > 0 && indent < indents[^1])
            {
                indents.RemoveAt(indents.Count - 1);
                counters.RemoveAt(counters.Count - 1);
            }

            if (indents.Count == 0 || indent > indents[^1])
            {
                indents.Add(indent);
                counters.Add(0);
            }

            counters[^1]++;
            var phaseNumber = phases.Count + (title is null ? 0 : 1);
            var position = string.Join('.', new[] { Math.Max(1, phaseNumber) }.Concat(counters));
            var explicitId = item.Groups["id"].Success ? item.Groups["id"].Value : null;
            var text = item.Groups["text"].Value.Trim();
            items.Add(new TodoItem(explicitId ?? position, text, item.Groups["box"].Value is "x" or "X", indents.Count - 1, i, phases.Count));
        }

        if (title is not null || items.Count > 0)
        {
            phases.Add(new TodoPhase(title ?? "(untitled)", titleLine, items));
        }

        return phases;
    }

    [GeneratedRegex(@"^#{1,6}\s+(.+?)\s*#*\s*$")]
    private static partial Regex HeadingRegex();

    [GeneratedRegex(@"^(?<indent>\s*)[-*+]\s+\[(?<box>[ xX])\]\s+(?:(?<id>[A-Za-z]?\d+(?:\.\d+)+|[A-Za-z]\d+)[.:)]?\s+)?(?<text>.*)$")]
    private static partial Regex ItemRegex();

    [GeneratedRegex(@"\[[ ]\]")]
    private static partial Regex CheckboxRegex();
}
