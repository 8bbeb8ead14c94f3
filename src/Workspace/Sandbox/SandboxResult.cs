namespace DevBot.Workspace.Sandbox;

/// <summary>How a sandboxed command ended: exit code (-1 when killed), duration and the tail of its output.</summary>
public sealed record SandboxResult(int ExitCode, TimeSpan Duration, string Output, bool TimedOut, long OutputBytes, bool Sandboxed)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;
}
