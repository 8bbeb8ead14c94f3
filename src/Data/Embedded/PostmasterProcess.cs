using System.Globalization;
using System.Runtime.InteropServices;

namespace DevBot.Data.Embedded;

/// <summary>
/// The running postmaster of a cluster, known by the PID it wrote to <c>postmaster.pid</c>, signalled directly the way
/// pg_ctl signals it. Used where no helper process can be started or waited for: the second Ctrl-C, when the process
/// is about to exit.
/// </summary>
internal sealed partial class PostmasterProcess
{
    // Signal numbers on Linux: SIGINT asks for PostgreSQL's fast shutdown, SIGQUIT for its immediate one.
    private const int SigInt = 2;
    private const int SigQuit = 3;

    private readonly string _pidFile;

    private PostmasterProcess(int pid, string pidFile)
    {
        Pid = pid;
        _pidFile = pidFile;
    }

    public int Pid { get; }

    /// <summary>The postmaster named by the cluster's pid file, or null when none runs.</summary>
    public static PostmasterProcess? Find(string clusterDirectory)
    {
        var pidFile = Path.Combine(clusterDirectory, "postmaster.pid");
        var pid = ReadPid(pidFile);
        return pid is { } value && IsAlive(value) && IsPostgres(value) ? new PostmasterProcess(value, pidFile) : null;
    }

    public bool HasExited => !IsAlive(Pid);

    /// <summary>
    /// Fast shutdown (sessions ended, a checkpoint, nothing lost), then immediate shutdown (crash recovery at the next
    /// start) if the fast one takes longer than <paramref name="patience"/>. Returns whether the server is gone.
    /// </summary>
    public bool Stop(TimeSpan patience)
    {
        if (HasExited)
        {
            return true;
        }

        // A server whose pid file is gone is already on its way out (a pg_ctl stop got there first): it is only awaited.
        if (StillOurs())
        {
            Signal(SigInt);
        }

        if (WaitForExit(patience))
        {
            return true;
        }

        if (StillOurs())
        {
            Signal(SigQuit);
        }

        return WaitForExit(patience);
    }

    /// <summary>
    /// Waits for the process itself to end: PostgreSQL removes its pid file (which pg_ctl stop waits for) a moment
    /// before the process is gone.
    /// </summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!HasExited)
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            Thread.Sleep(50);
        }

        return true;
    }

    /// <summary>
    /// The pid file still names this process and it is a postgres: a PID left in a stale pid file and reused by some
    /// other program is never signalled.
    /// </summary>
    private bool StillOurs() => !HasExited && ReadPid(_pidFile) == Pid && IsPostgres(Pid);

    private static bool IsPostgres(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim() is "postgres" or "postmaster";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private void Signal(int signal)
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            _ = kill(Pid, signal);
        }
    }

    private static int? ReadPid(string pidFile)
    {
        try
        {
            var first = File.ReadLines(pidFile).FirstOrDefault();
            return int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0 ? pid : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Alive and not a zombie: the postmaster is not our child, and in a container whose init does not reap, a dead
    /// one could linger as a zombie that still answers kill(pid, 0).
    /// </summary>
    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var afterName = stat.LastIndexOf(')');
            return afterName < 0 || afterName + 2 >= stat.Length || stat[afterName + 2] is not ('Z' or 'X');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
