namespace DevBot.Workspace.Edits;

/// <summary>
/// A file's hunks from a unified diff (<c>---</c>/<c>+++</c>/<c>@@</c>). Hunks are placed by their lines, never by
/// the <c>@@</c> line numbers models get wrong, and only where those lines are found exactly once.
/// <see cref="CreatesFile"/> comes from <c>--- /dev/null</c>, <see cref="DeletesFile"/> from <c>+++ /dev/null</c>.
/// </summary>
public sealed record UnifiedDiffBlock(string Path, IReadOnlyList<DiffHunk> Hunks, bool CreatesFile, bool DeletesFile, int Line)
    : EditBlock(Path, Line);
