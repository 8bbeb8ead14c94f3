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
    public int MemoryMegabytes { get; set; } = 8192;

    /// <summary>
    /// Memory of the whole run (every process and the RAM-backed /workspace and /tmp), enforced by a cgroup where the
    /// host lets this process create one; 0 leaves it to the per-process limit alone.
    /// </summary>
    [Range(0, 1024 * 1024)]
    public int RunMemoryMegabytes { get; set; } = 8192;

    /// <summary>Sandboxed runs at the same time on this silo; more wait their turn (builds take cores and memory).</summary>
    [Range(1, 256)]
    public int MaxConcurrentRuns { get; set; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Processes the sandbox user may have at once (RLIMIT_NPROC, and the cgroup's pids.max): stops fork bombs.</summary>
    [Range(8, 100_000)]
    public int MaxProcesses { get; set; } = 256;

    /// <summary>CPU time of each process (RLIMIT_CPU); the wall-clock <see cref="Timeout"/> bounds the run as a whole.</summary>
    [Range(1, 24 * 3600)]
    public int CpuSeconds { get; set; } = 1200;

    /// <summary>Largest file a process may write (RLIMIT_FSIZE).</summary>
    [Range(1, 64 * 1024)]
    public int FileSizeMegabytes { get; set; } = 512;

    /// <summary>Disk quota of the project's writable copy (<c>/workspace</c>, a tmpfs of this size).</summary>
    [Range(8, 256 * 1024)]
    public int WorkspaceMegabytes { get; set; } = 2048;

    /// <summary>Disk quota of the private <c>/tmp</c> (a tmpfs of this size; the tool caches live under it).</summary>
    [Range(8, 256 * 1024)]
    public int TmpMegabytes { get; set; } = 1024;

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

    /// <summary>
    /// Toolchains outside <c>/usr</c> that generated projects may use (an SDK under <c>/opt</c>, say), mounted
    /// read-only at the same path. Never a home folder, <c>/tmp</c>, DevBot's data or anything holding them.
    /// </summary>
    public List<string> ToolchainPaths { get; set; } = [];

    /// <summary>
    /// Where each run's read-only copy of the project is prepared before it enters the sandbox (when unset, a
    /// folder with a random name that this process makes in the machine's temporary folder).
    /// </summary>
    public string? StagingRoot { get; set; }
}
