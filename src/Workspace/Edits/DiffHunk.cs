namespace DevBot.Workspace.Edits;

/// <summary>One hunk of a unified diff: the lines it expects (context and '-') and what they become (context and '+').</summary>
public sealed record DiffHunk(string Before, string After, int Line);
