namespace DevBot.Workspace.Packaging;

/// <summary>The ZIP delivered to the user, what it holds, and whether the git history fitted in.</summary>
public sealed record ProjectPackage(string FileName, byte[] Content, string CommitSha, IReadOnlyList<PackageEntry> Files, bool HistoryIncluded, string? Note);
