namespace DevBot.Workspace.Sandbox;

/// <summary>The limit that ended (or spoiled) a sandboxed run, if one did.</summary>
public enum SandboxLimit
{
    None = 0,
    Deadline = 1,
    Disk = 2,
    Memory = 3,
    CpuTime = 4,
    FileSize = 5,
    Processes = 6,
}
