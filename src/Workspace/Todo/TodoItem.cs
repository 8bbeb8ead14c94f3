namespace DevBot.Workspace.Todo;

/// <summary>
/// One checklist item of TODO.md. <see cref="Id"/> is the number the item carries (<c>- [ ] 2.3 Add login</c>) or,
/// when it has none, its position (phase.item[.sub]); <see cref="LineIndex"/> is where it sits in the file.
/// </summary>
public sealed record TodoItem(string Id, string Text, bool Done, int Depth, int LineIndex, int PhaseIndex);
