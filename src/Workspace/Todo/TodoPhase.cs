namespace DevBot.Workspace.Todo;

/// <summary>A heading of TODO.md and the checklist items under it.</summary>
public sealed record TodoPhase(string Title, int LineIndex, IReadOnlyList<TodoItem> Items)
{
    public int Done => Items.Count(i => i.Done);

    public int Total => Items.Count;
}
