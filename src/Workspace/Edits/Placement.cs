namespace DevBot.Workspace.Edits;

/// <summary>Where a SEARCH section (or one part of it) was found, and the lines that take its place.</summary>
internal sealed record Placement(int Start, int Count, IReadOnlyList<string> NewLines);
