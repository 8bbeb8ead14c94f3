namespace DevBot.Workspace.Edits;

public sealed record EditOptions(long MaxFileBytes = 1024 * 1024);
