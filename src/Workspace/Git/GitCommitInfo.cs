namespace DevBot.Workspace.Git;

public sealed record GitCommitInfo(string Sha, string Message, string Author, DateTimeOffset When);
