using System.ComponentModel.DataAnnotations;

namespace DevBot.Workspace.Sandbox;

/// <summary>How generated projects' commands run (section <c>Sandbox</c>).</summary>
public sealed class SandboxOptions
{
    public const string SectionName = "Sandbox";

    /// <summary>bubblewrap; found on PATH (or /usr/bin/bwrap) when unset.</summary>
    public string? BwrapPath { get; set; }

    /// <summary>
    /// Run without a sandbox when bubblewrap is missing. Only for operators whose workers are disposable containers
    /// with no network and nothing else on them; otherwise runs are refused.
    /// </summary>
    public bool AllowUnsandboxed { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "02:00:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Address-space limit of each process (RLIMIT_AS); .NET programs get a matching GC heap limit.</summary>
    [Range(64, 1024 * 1024)]
    public int MemoryMegabytes { get; set; } = 4096;

    /// <summary>Processes the sandbox user may have at once (RLIMIT_NPROC): stops fork bombs.</summary>
    [Range(8, 100_000)]
    public int MaxProcesses { get; set; } = 256;

    /// <summary>Output kept (its tail); the rest is counted and noted.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int OutputLimitBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Account commands run as when this process is root. Empty (the default): a numeric uid of its own for each run,
    /// from <see cref="UidRangeStart"/>, so one run's process limit and files never meet another's.
    /// </summary>
    public string RunAsUser { get; set; } = string.Empty;

    [Range(1000, 2_000_000_000)]
    public int UidRangeStart { get; set; } = 200_000;
}
