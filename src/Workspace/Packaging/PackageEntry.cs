namespace DevBot.Workspace.Packaging;

public sealed record PackageEntry(string Path, long Size, string Sha256);
