namespace DevBot.Workspace.Edits;

/// <summary>Replace the lines quoted in SEARCH with REPLACE; an empty SEARCH creates a new file.</summary>
public sealed record SearchReplaceBlock(string Path, string Search, string Replace, int Line) : EditBlock(Path, Line);
