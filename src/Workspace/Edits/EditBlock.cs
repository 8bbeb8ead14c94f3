namespace DevBot.Workspace.Edits;

/// <summary>One edit of a model's reply, in one of Aider's formats (plus an explicit deletion).</summary>
public abstract record EditBlock(string Path, int Line);
