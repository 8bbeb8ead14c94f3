namespace DevBot.Workspace.Git;

/// <summary>A file changed between two commits: Added, Modified, Deleted or Renamed (from <see cref="OldPath"/>).</summary>
public sealed record FileChange(string Path, string Kind, string? OldPath);
