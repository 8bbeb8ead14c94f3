using System.Globalization;

namespace DevBot.Workspace.Sandbox;

/// <summary>
/// A control group of one sandboxed run, where the host lets this process make one (root, or a delegated cgroup):
/// a memory limit for everything the run holds — its processes and its RAM-backed /workspace and /tmp — and a
/// process limit that, unlike RLIMIT_NPROC, counts per run rather than per uid. cgroup v2 when it offers the memory
/// and pids controllers, else the v1 memory and pids hierarchies; without either, runs keep their rlimits only.
/// </summary>
internal sealed class SandboxCgroup : IDisposable
{
    private const string ParentName = "devbot-sandbox";
    private static readonly Lazy<Layout?> Host = new(Detect);

    private readonly bool _v2;
    private readonly string? _memory;
    private readonly string? _pids;

    private SandboxCgroup(bool v2, string? memory, string? pids)
    {
        _v2 = v2;
        _memory = memory;
        _pids = pids;
    }

    /// <summary>Whether runs on this host get a cgroup (memory and process limits per run).</summary>
    public static bool Available => Host.Value is not null;

    /// <summary>The files a process writes its pid to, to join this run's groups (before it starts the sandbox).</summary>
    public IReadOnlyList<string> ProcsFiles =>
        new[] { _memory, _v2 ? null : _pids }.OfType<string>().Select(d => Path.Combine(d, "cgroup.procs")).ToList();

    /// <summary>A new group for one run, or null when the host offers none (or it could not be made).</summary>
    public static SandboxCgroup? TryCreate(long memoryBytes, int maxProcesses)
    {
        if (Host.Value is not { } host || memoryBytes <= 0)
        {
            return null;
        }

        var name = "run-" + Guid.NewGuid().ToString("N")[..12];
        try
        {
            if (host.V2Parent is { } parent)
            {
                var group = Path.Combine(parent, name);
                Directory.CreateDirectory(group);
                File.WriteAllText(Path.Combine(group, "memory.max"), memoryBytes.ToString(CultureInfo.InvariantCulture));
                TryWrite(Path.Combine(group, "memory.swap.max"), "0");
                File.WriteAllText(Path.Combine(group, "pids.max"), maxProcesses.ToString(CultureInfo.InvariantCulture));
                return new SandboxCgroup(true, group, group);
            }

            var memory = Path.Combine(host.V1Memory!, name);
            Directory.CreateDirectory(memory);
            File.WriteAllText(Path.Combine(memory, "memory.limit_in_bytes"), memoryBytes.ToString(CultureInfo.InvariantCulture));
            TryWrite(Path.Combine(memory, "memory.memsw.limit_in_bytes"), memoryBytes.ToString(CultureInfo.InvariantCulture));
            string? pids = null;
            if (host.V1Pids is { } pidsParent)
            {
                pids = Path.Combine(pidsParent, name);
                Directory.CreateDirectory(pids);
                File.WriteAllText(Path.Combine(pids, "pids.max"), maxProcesses.ToString(CultureInfo.InvariantCulture));
            }

            return new SandboxCgroup(false, memory, pids);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The limit the group enforced during the run, if any (read after the run ended).</summary>
    public SandboxLimit LimitHit()
    {
        if (_memory is not null && Counter(Path.Combine(_memory, _v2 ? "memory.events" : "memory.oom_control"), "oom_kill") > 0)
        {
            return SandboxLimit.Memory;
        }

        return _pids is not null && Counter(Path.Combine(_pids, "pids.events"), "max") > 0 ? SandboxLimit.Processes : SandboxLimit.None;
    }

    public void Dispose()
    {
        foreach (var group in new[] { _memory, _pids }.OfType<string>().Distinct())
        {
            // Nothing should be left (the sandbox's PID namespace dies with its first process), but a group with
            // members cannot be removed, so make sure.
            for (var attempt = 0; attempt < 50 && Directory.Exists(group); attempt++)
            {
                if (!TryWrite(Path.Combine(group, "cgroup.kill"), "1"))
                {
                    foreach (var pid in Members(group))
                    {
                        try
                        {
                            System.Diagnostics.Process.GetProcessById(pid).Kill();
                        }
                        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                        {
                            // Already gone.
                        }
                    }
                }

                try
                {
                    Directory.Delete(group);
                }
                catch (IOException)
                {
                    Thread.Sleep(20);
                }
            }
        }
    }

    private static IEnumerable<int> Members(string group)
    {
        try
        {
            return File.ReadAllLines(Path.Combine(group, "cgroup.procs"))
                .Select(l => int.TryParse(l, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) ? pid : 0).Where(p => p > 0).ToList();
        }
        catch (IOException)
        {
            return [];
        }
    }

    private static long Counter(string file, string key)
    {
        try
        {
            foreach (var line in File.ReadLines(file))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 2 && parts[0] == key && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
                {
                    return value;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }

        return 0;
    }

    private static bool TryWrite(string file, string value)
    {
        try
        {
            if (!File.Exists(file))
            {
                return false;
            }

            File.WriteAllText(file, value);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Where this process may create run groups: probed once by making (and removing) the parent group.</summary>
    private static Layout? Detect()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/proc/self/cgroup"))
        {
            return null;
        }

        var own = File.ReadAllLines("/proc/self/cgroup").Select(l => l.Split(':', 3)).Where(p => p.Length == 3).ToList();
        try
        {
            if (File.Exists("/sys/fs/cgroup/cgroup.controllers"))
            {
                // cgroup v2 alone. A group with processes in it cannot hand controllers to children, so the parent
                // goes beside this process's group: at the root of what this process sees.
                var controllers = File.ReadAllText("/sys/fs/cgroup/cgroup.controllers").Split(' ', StringSplitOptions.TrimEntries);
                if (!controllers.Contains("memory") || !controllers.Contains("pids"))
                {
                    return null;
                }

                File.WriteAllText("/sys/fs/cgroup/cgroup.subtree_control", "+memory +pids");
                var parent = Path.Combine("/sys/fs/cgroup", ParentName);
                Directory.CreateDirectory(parent);
                File.WriteAllText(Path.Combine(parent, "cgroup.subtree_control"), "+memory +pids");
                return CanCreateIn(parent) ? new Layout(parent, null, null) : null;
            }

            var memory = V1Parent(own, "memory");
            var pids = V1Parent(own, "pids");
            return memory is null || !CanCreateIn(memory) ? null : new Layout(null, memory, pids is not null && CanCreateIn(pids) ? pids : null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Whether this process may make groups in <paramref name="parent"/> (it may exist, made by another user).</summary>
    private static bool CanCreateIn(string parent)
    {
        var probe = Path.Combine(parent, "probe-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            Directory.CreateDirectory(probe);
            Directory.Delete(probe);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string? V1Parent(List<string[]> own, string controller)
    {
        var entry = own.FirstOrDefault(p => p[1].Split(',').Contains(controller));
        var mount = Path.Combine("/sys/fs/cgroup", controller);
        if (entry is null || !Directory.Exists(mount))
        {
            return null;
        }

        var parent = Path.Combine(mount + entry[2].TrimEnd('/'), ParentName);
        try
        {
            Directory.CreateDirectory(parent);
            return parent;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private sealed record Layout(string? V2Parent, string? V1Memory, string? V1Pids);
}
