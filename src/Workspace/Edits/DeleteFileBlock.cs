namespace DevBot.Workspace.Edits;

/// <summary>Removes a file: a line <c>DELETE path</c> outside any code fence.</summary>
public sealed record DeleteFileBlock(string Path, int Line) : EditBlock(Path, Line);
