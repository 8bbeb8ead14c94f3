namespace DevBot.GrainInterfaces.Projects;

/// <summary>How an item's check ended.</summary>
public enum CheckStatus
{
    /// <summary>The check could not run here (no sandbox, a missing toolchain, nothing to run); the detail says why.</summary>
    NotRun = 0,

    Passed = 1,

    /// <summary>It ran and still failed after the item's last try; the item was committed anyway, the final tests are the safety net.</summary>
    Failed = 2,
}
