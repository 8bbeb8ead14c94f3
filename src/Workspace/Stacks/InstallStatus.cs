namespace DevBot.Workspace.Stacks;

public enum InstallStatus
{
    /// <summary>The project has nothing to install.</summary>
    NotNeeded = 0,

    /// <summary>Its manifests did not change since the last install.</summary>
    UpToDate = 1,

    Installed = 2,
    Failed = 3,

    /// <summary>No sandbox (or no bridge to the registry proxy) on this silo.</summary>
    Unavailable = 4,
}
