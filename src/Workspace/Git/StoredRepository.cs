namespace DevBot.Workspace.Git;

/// <summary>
/// One link of a project's stored history: a git bundle that brings the branch to <see cref="HeadSha"/>. The first
/// link holds the whole history (<see cref="PrerequisiteSha"/> null); each later one holds only the commits after
/// <see cref="PrerequisiteSha"/>, the head of the link before it.
/// </summary>
public sealed record StoredRepository(byte[] Bundle, string HeadSha, string? PrerequisiteSha = null);
