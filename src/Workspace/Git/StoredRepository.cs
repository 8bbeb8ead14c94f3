namespace DevBot.Workspace.Git;

public sealed record StoredRepository(byte[] Bundle, string HeadSha);
