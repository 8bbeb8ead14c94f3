using DevBot.Workspace.Sandbox;

namespace DevBot.Workspace.Stacks;

/// <summary>How an install went: its status, the run (when there was one) and what the proxy refused, in words for the model.</summary>
public sealed record InstallOutcome(InstallStatus Status, SandboxResult? Run, string Detail)
{
    public bool Ready => Status is InstallStatus.NotNeeded or InstallStatus.UpToDate or InstallStatus.Installed;
}
