namespace DevBot.Workspace.Edits;

/// <summary>The complete new content of a file (created if missing).</summary>
public sealed record WholeFileBlock(string Path, string Content, int Line) : EditBlock(Path, Line);
