namespace DevBot.Workspace.Sandbox;

/// <summary>
/// How a sandboxed command ended: exit code (-1 when killed at the deadline), duration, the tail of its output (with
/// a note when a limit was hit) and which limit that was.
/// </summary>
public sealed record SandboxResult(int ExitCode, TimeSpan Duration, string Output, bool TimedOut, long OutputBytes, bool Sandboxed)
{
    public SandboxLimit Limit { get; init; }

    /// <summary>Hosts the install stage tried to reach and the proxy refused (not an allowed registry).</summary>
    public IReadOnlyList<string> RefusedHosts { get; init; } = [];

    public bool Succeeded => ExitCode == 0 && !TimedOut;
}
