using DevBot.Workspace.Todo;

namespace DevBot.Grains.Agents;

/// <summary>How TODO.md is organised by DevBot: the Architect's phases, and the sections DevBot appends to them.</summary>
public static class TodoSections
{
    public const string File = "TODO.md";

    public static string Review(int phase) => phase == 0 ? "Final review" : $"Review findings (phase {phase})";

    public static string ReviewPrefix(int phase) => phase == 0 ? "F1" : $"R{phase}";

    public static string TestFixes(int round) => $"Test fixes (round {round})";

    public static string TestFixPrefix(int round) => $"T{round}";

    /// <summary>Sections DevBot appended (review findings, test fixes): their items go before the next phase's.</summary>
    public static bool IsFollowUp(string title) =>
        title.StartsWith("Review findings", StringComparison.Ordinal) || title.StartsWith("Test fixes", StringComparison.Ordinal)
        || title == "Final review";

    /// <summary>The Architect's phases (headings with items, follow-up sections excluded), numbered from 1.</summary>
    public static List<(int Number, TodoPhase Phase)> Phases(TodoDocument todo) =>
        todo.Phases.Where(p => p.Items.Count > 0 && !IsFollowUp(p.Title)).Select((p, i) => (i + 1, p)).ToList();

    /// <summary>Items of phase <paramref name="number"/> with its review findings (0: every item).</summary>
    public static List<TodoItem> ItemsOf(TodoDocument todo, int number)
    {
        if (number == 0)
        {
            return todo.Items.ToList();
        }

        var phase = Phases(todo).FirstOrDefault(p => p.Number == number).Phase;
        var review = todo.Phases.FirstOrDefault(p => p.Title == Review(number));
        return (phase?.Items ?? []).Concat(review?.Items ?? []).ToList();
    }
}
