using DevBot.Grains.Projects.Workflow;
using DevBot.Workspace.Todo;

namespace DevBot.Grains.Agents;

/// <summary>
/// The start decision of a rolling items step, as a function of where its items stand: which waiting items start now
/// (in plan order, up to the width) and which give up for this step (they stay open for a later one). An item starts
/// when the items of this step it needs (<c>after:</c>) have landed (anything else it names is done, skipped or
/// unknown), a slot is free and no running item names one of its files; an item that does not say what it needs, or
/// names no files, starts alone once everything before it landed. An item gives up when something it needs failed or
/// gave up, or — when nothing runs and nothing could start (<paramref name="stalled"/>, e.g. items whose <c>after:</c>
/// clauses go round) — when it is the first item still waiting.
/// </summary>
public static class ItemSchedule
{
    public static (List<TodoItem> Start, List<TodoItem> GiveUp) Next(IReadOnlyList<TodoItem> order, IReadOnlyList<TodoItem> waiting,
        IReadOnlyCollection<TodoItem> running, IReadOnlySet<string> landed, IReadOnlySet<string> settled, int width)
    {
        var start = new List<TodoItem>();
        var giveUp = new List<TodoItem>();
        var busy = running.ToList();
        bool Settled(string id) => settled.Contains(id) || giveUp.Any(g => g.Id == id);
        foreach (var item in waiting)
        {
            if (busy.Count >= width || busy.Any(r => !ItemClauses.MayRunBesideOthers(r.Text)))
            {
                break;
            }

            if (!ItemClauses.MayRunBesideOthers(item.Text))
            {
                var before = order.TakeWhile(i => i.Id != item.Id).ToList();
                if (before.Any(i => Settled(i.Id) && !landed.Contains(i.Id)))
                {
                    // Something before it failed or waits for a later step: so does it.
                    giveUp.Add(item);
                    continue;
                }

                if (busy.Count == 0 && before.All(i => landed.Contains(i.Id)))
                {
                    start.Add(item);
                }

                break;
            }

            var needs = ItemClauses.After(item.Text)!.Where(id => order.Any(o => o.Id == id) && !landed.Contains(id)).ToList();
            if (needs.Count > 0)
            {
                if (needs.Any(Settled))
                {
                    giveUp.Add(item);
                }

                continue;
            }

            var files = new HashSet<string>(ItemClauses.Files(item.Text), StringComparer.OrdinalIgnoreCase);
            if (busy.Any(r => ItemClauses.Files(r.Text).Any(files.Contains)))
            {
                continue;
            }

            start.Add(item);
            busy.Add(item);
        }

        if (start.Count == 0 && running.Count == 0 && waiting.FirstOrDefault(w => giveUp.All(g => g.Id != w.Id)) is { } first
            && order.First(i => !Settled(i.Id)).Id == first.Id)
        {
            // Nothing runs and nothing could start: the first item still waiting will not start in this step.
            giveUp.Add(first);
        }

        return (start, giveUp);
    }
}
