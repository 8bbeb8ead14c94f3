namespace DevBot.Workspace.Sandbox;

/// <summary>A host folder the sandbox may write, at <paramref name="SandboxPath"/> (under /tmp or the workspace).</summary>
public sealed record SandboxMount(string HostPath, string SandboxPath);
