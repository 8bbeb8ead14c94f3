using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DevBot.Workspace.Sandbox;

/// <summary>
/// Runs a generated project's commands in bubblewrap, treating them as hostile. The sandbox sees an allow-list of
/// the host (<see cref="SandboxLayout"/>: the toolchains read-only, a few synthetic <c>/etc</c> files, its own
/// <c>/proc</c> of a fresh PID namespace), never the host's root, home folders, DevBot's data or other projects. The
/// project enters as a copy (no <c>.git</c>) into a size-bounded tmpfs at <see cref="WorkspaceMount"/>, so nothing a
/// run writes ever reaches the repository, its history or the host; <c>/tmp</c> is a private bounded tmpfs too. No
/// network (every namespace unshared), an environment built from an allow-list (never the silo's own), limits on CPU
/// time, address space, file size and processes, and — where the host lets this process make cgroups — on the whole
/// run's memory and processes; a wall-clock deadline. A limit that is hit is named in the result. As root, commands
/// run as an unprivileged uid of their own for each run. Without bubblewrap it refuses, unless the operator allowed
/// unsandboxed runs.
/// </summary>
public sealed class SandboxRunner(IOptions<SandboxOptions> options, ILogger<SandboxRunner> logger)
{
    public const string WorkspaceMount = "/workspace";
    private const string SourceMount = "/.devbot/src";
    private readonly SandboxOptions _options = options.Value;
    private readonly SemaphoreSlim _turns = new(options.Value.MaxConcurrentRuns, options.Value.MaxConcurrentRuns);
    private readonly SemaphoreSlim _probing = new(1, 1);
    private volatile ProbeResult? _readiness;

    /// <summary>
    /// This process's staging folder when none is configured: made with a random name (mkdtemp), so that no other
    /// user of the machine can have made it first and read or swap what is staged there.
    /// </summary>
    private static readonly Lazy<string> PrivateStagingRoot = new(() => Directory.CreateTempSubdirectory("devbot-sandbox-").FullName);

    public bool IsAvailable => FindBwrap() is not null;

    /// <summary>Whether runs get a cgroup of their own on this host (memory and process limits per run).</summary>
    public static bool CgroupsAvailable => SandboxCgroup.Available;

    /// <summary>
    /// Runs <paramref name="command"/> with <c>/bin/sh -c</c> in a copy of <paramref name="sourceTree"/> (its files,
    /// without <c>.git</c> or links), with no network. The tree itself is only read.
    /// </summary>
    public Task<SandboxResult> RunAsync(string sourceTree, string command, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        RunAsync(new SandboxRun(sourceTree, command) { Timeout = timeout }, cancellationToken);

    /// <summary>Runs <paramref name="run"/>: see <see cref="SandboxRun"/> for what it may reach.</summary>
    public async Task<SandboxResult> RunAsync(SandboxRun run, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(run.Command);
        CheckMounts(run);
        var root = Path.GetFullPath(run.SourceTree);
        var command = run.Command;
        var timeout = run.Timeout;
        var bwrap = FindBwrap();
        if (bwrap is null)
        {
            if (!_options.AllowUnsandboxed)
            {
                throw new SandboxUnavailableException(
                    "Generated code is only run in a sandbox, and bubblewrap (bwrap) is not installed: install it with 'apt-get install bubblewrap'. "
                    + "Operators whose workers are disposable, network-less containers can set Sandbox__AllowUnsandboxed=true instead.");
            }

            return await RunBareAsync(root, command, timeout ?? _options.Timeout, cancellationToken);
        }

        var readiness = await ReadinessAsync(cancellationToken);
        if (!readiness.Ready)
        {
            // Never a bubblewrap error handed to a model as if its code had failed: the operator has to act.
            throw new SandboxUnavailableException(readiness.Describe());
        }

        if (run.AllowedHosts.Count > 0 && !File.Exists(Socat))
        {
            throw new SandboxUnavailableException("Installing a project's dependencies needs socat (the bridge to the registry proxy): install it with 'apt-get install socat'.");
        }

        return await RunSandboxedAsync(bwrap, root, run, cancellationToken);
    }

    /// <summary>
    /// Whether bubblewrap can make its namespaces here, found by running <c>true</c> in a real sandbox once (again a
    /// minute after a failed probe, so a fixed host is noticed): logged at start and shown at <c>/healthz</c>.
    /// </summary>
    public async Task<SandboxReadiness> ReadinessAsync(CancellationToken cancellationToken = default)
    {
        var known = _readiness;
        if (known is not null && (known.Readiness.Ready || DateTime.UtcNow - known.At < TimeSpan.FromMinutes(1)))
        {
            return known.Readiness;
        }

        await _probing.WaitAsync(cancellationToken);
        try
        {
            known = _readiness;
            if (known is not null && (known.Readiness.Ready || DateTime.UtcNow - known.At < TimeSpan.FromMinutes(1)))
            {
                return known.Readiness;
            }

            var readiness = await ProbeAsync(cancellationToken);
            _readiness = new ProbeResult(readiness, DateTime.UtcNow);
            if (readiness.Ready)
            {
                logger.LogInformation("Sandbox ready: {Readiness}", readiness.Describe());
            }
            else
            {
                logger.LogError("The sandbox cannot run here, so generated code will not be run (checks and tests are skipped and users are told): {Readiness}",
                    readiness.Describe());
            }

            return readiness;
        }
        finally
        {
            _probing.Release();
        }
    }

    private sealed record ProbeResult(SandboxReadiness Readiness, DateTime At);

    private async Task<SandboxReadiness> ProbeAsync(CancellationToken cancellationToken)
    {
        var programs = SandboxReadiness.Toolchains.Where(p => new[] { "/usr/local/bin", "/usr/bin", "/bin" }.Any(d => File.Exists(Path.Combine(d, p)))).ToList();
        var missing = SandboxReadiness.Toolchains.Except(programs).ToList();
        var bwrap = FindBwrap();
        if (bwrap is null)
        {
            return _options.AllowUnsandboxed
                ? new SandboxReadiness(true, "no sandbox: bubblewrap is not installed and Sandbox:AllowUnsandboxed is set", null, programs, missing)
                : new SandboxReadiness(false, "bubblewrap (bwrap) is not installed.", "Install it with 'apt-get install bubblewrap'.", programs, missing);
        }

        var empty = Directory.CreateTempSubdirectory("devbot-probe-");
        try
        {
            var result = await RunSandboxedAsync(bwrap, empty.FullName, new SandboxRun(empty.FullName, "true") { Timeout = TimeSpan.FromSeconds(60) }, cancellationToken);
            if (result.Succeeded)
            {
                var cgroup = SandboxCgroup.Available ? "a cgroup per run" : "no cgroup (per-process limits only)";
                var uid = CurrentIdentity().Uid == 0 ? "a uid per run" : "the silo's own uid";
                return new SandboxReadiness(true, $"bubblewrap works ({uid}, {cgroup}, probe {result.Duration.TotalMilliseconds:0} ms)", null, programs, missing);
            }

            var error = result.Output.Trim();
            return new SandboxReadiness(false, $"bubblewrap could not start a sandbox here: {(error.Length > 400 ? error[..400] : error)}",
                SandboxDiagnosis.Remedy(error, SandboxDiagnosis.ReadHostFile), programs, missing);
        }
        catch (SandboxUnavailableException ex)
        {
            return new SandboxReadiness(false, ex.Message, SandboxDiagnosis.Remedy(ex.Message, SandboxDiagnosis.ReadHostFile), programs, missing);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    private async Task<SandboxResult> RunSandboxedAsync(string bwrap, string root, SandboxRun run, CancellationToken cancellationToken)
    {
        var timeout = run.Timeout;
        await _turns.WaitAsync(cancellationToken);
        var slot = -1;
        var identity = CurrentIdentity();
        (int Uid, int Gid)? switchTo = null;
        if (identity.Uid == 0)
        {
            if (string.IsNullOrWhiteSpace(_options.RunAsUser))
            {
                slot = TakeSlot();
                switchTo = (_options.UidRangeStart + slot, _options.UidRangeStart + slot);
            }
            else
            {
                switchTo = Account(_options.RunAsUser);
            }
        }

        var account = switchTo ?? identity;
        try
        {
            using var staging = SandboxStaging.Create(_options.StagingRoot ?? PrivateStagingRoot.Value, root, account.Uid, account.Gid);
            using var cgroup = SandboxCgroup.TryCreate((long)_options.RunMemoryMegabytes * 1024 * 1024, _options.MaxProcesses);
            foreach (var mount in run.Mounts)
            {
                Directory.CreateDirectory(mount.HostPath);
                if (switchTo is { } user)
                {
                    // A run's uid is its own; what earlier runs wrote here is handed to this one.
                    await ChownAsync(mount.HostPath, user, cancellationToken);
                }
            }

            await using var proxy = run.AllowedHosts.Count > 0 ? RegistryProxy.Start(Path.Combine(staging.Root, "proxy.sock"), run.AllowedHosts) : null;
            var result = await ExecuteAsync(bwrap, staging, cgroup, run, proxy, switchTo, timeout ?? _options.Timeout, cancellationToken);
            if (proxy is null)
            {
                return result;
            }

            var refused = proxy.Refused.Distinct().ToList();
            logger.LogInformation("Install run through the registry proxy: reached {Reached}; refused {Refused}",
                string.Join(", ", proxy.Reached.Distinct()) is { Length: > 0 } reached ? reached : "nothing",
                refused.Count > 0 ? string.Join(", ", refused) : "nothing");
            return result with { RefusedHosts = refused };
        }
        finally
        {
            _turns.Release();
            if (slot >= 0)
            {
                lock (Slots)
                {
                    Slots.Remove(slot);
                }
            }
        }
    }

    private async Task<SandboxResult> ExecuteAsync(string bwrap, SandboxStaging staging, SandboxCgroup? cgroup, SandboxRun run, RegistryProxy? proxy,
        (int Uid, int Gid)? switchTo, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var command = run.Command;
        var nonce = Guid.NewGuid().ToString("N")[..16];
        var arguments = new List<string>();
        if (cgroup is not null)
        {
            // Joins the run's cgroup before anything of the run exists, so every process it makes is counted.
            var join = string.Join(" && ", cgroup.ProcsFiles.Select(f => $"echo $$ > '{f}'"));
            arguments.AddRange(["/bin/sh", "-c", join + " && exec \"$@\"", "devbot-cgroup"]);
        }

        if (switchTo is { } user)
        {
            arguments.AddRange(["/usr/bin/setpriv", $"--reuid={user.Uid}", $"--regid={user.Gid}", "--clear-groups", "--"]);
        }

        // With a cgroup, the run's memory is bounded as a whole (processes and tmpfs alike) and no address-space limit is
        // set: V8 reserves ~10 GB of address space per WebAssembly memory (Node's fetch), Go and the JVM reserve large
        // heaps, none of which is memory used. Without one, the address-space limit is the bound.
        var memoryBytes = cgroup is null ? (long)_options.MemoryMegabytes * 1024 * 1024 : (long)_options.RunMemoryMegabytes * 1024 * 1024;
        arguments.AddRange(["/usr/bin/prlimit", $"--nproc={_options.MaxProcesses}", cgroup is null ? $"--as={memoryBytes}" : "--as=unlimited", "--core=0",
            // The soft CPU limit signals SIGXCPU (named in the result); the hard one, a little later, kills what ignores it.
            $"--cpu={_options.CpuSeconds}:{_options.CpuSeconds + 5}", $"--fsize={(long)_options.FileSizeMegabytes * 1024 * 1024}", "--"]);
        arguments.Add(bwrap);
        var environment = Environment(memoryBytes);
        if (cgroup is null && NodeTakesWasmFlag.Value)
        {
            // Under an address-space limit, bounds-checked WebAssembly needs no huge reservation (Node 20.15 and later).
            environment["NODE_OPTIONS"] = "--disable-wasm-trap-handler";
        }

        foreach (var (key, value) in run.Environment)
        {
            environment[key] = value;
        }

        if (proxy is not null)
        {
            foreach (var (key, value) in ProxyEnvironment)
            {
                environment[key] = value;
            }
        }

        arguments.AddRange(SandboxLayout.Arguments(_options, staging, SourceMount, WorkspaceMount, environment, run.Mounts,
            proxy is null ? null : (proxy.SocketPath, ProxySocketMount)));
        arguments.AddRange(["/bin/sh", "-c", Wrapper(nonce, proxy is not null), "devbot-sandbox", command]);

        var start = new ProcessStartInfo
        {
            FileName = arguments[0], UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        // bubblewrap's own process (PID 1 in the sandbox) keeps the environment it was started with, readable in
        // /proc/1/environ from inside: it gets nothing of the silo's.
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin";
        start.Environment["LANG"] = "C.UTF-8";

        var output = new OutputTail(_options.OutputLimitBytes);
        var stopwatch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        var exited = StartOnOwnThread(process);
        process.StandardInput.Close();
        var pumps = Task.WhenAll(PumpAsync(process.StandardOutput.BaseStream, output), PumpAsync(process.StandardError.BaseStream, output));
        var timedOut = false;
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            deadline.CancelAfter(timeout);
            try
            {
                await exited.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                timedOut = !cancellationToken.IsCancellationRequested;
                process.Kill(entireProcessTree: true);
                await exited;
            }
        }

        await pumps.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        cancellationToken.ThrowIfCancellationRequested();
        var exitCode = timedOut ? -1 : process.ExitCode;
        var (text, diskFull) = TakeTrailer(output.Render(), nonce);
        var limit = timedOut ? SandboxLimit.Deadline : cgroup?.LimitHit() ?? SandboxLimit.None;
        if (limit == SandboxLimit.None)
        {
            limit = exitCode switch
            {
                128 + 24 => SandboxLimit.CpuTime,
                128 + 25 => SandboxLimit.FileSize,
                _ when diskFull is not null => SandboxLimit.Disk,
                _ => SandboxLimit.None,
            };
        }

        var note = limit switch
        {
            SandboxLimit.Deadline => $"[stopped: the command did not finish within {timeout.TotalSeconds:0} s]",
            SandboxLimit.Disk => $"[the sandbox's disk quota was reached: {diskFull} holds at most {(diskFull == WorkspaceMount ? _options.WorkspaceMegabytes : _options.TmpMegabytes)} MB]",
            SandboxLimit.Memory => $"[stopped: the run used more than its {_options.RunMemoryMegabytes} MB of memory]",
            SandboxLimit.CpuTime => $"[stopped: a process used more than {_options.CpuSeconds} s of CPU time]",
            SandboxLimit.FileSize => $"[stopped: a file grew beyond the {_options.FileSizeMegabytes} MB limit]",
            SandboxLimit.Processes => $"[the run reached its limit of {_options.MaxProcesses} processes]",
            _ => null,
        };
        if (note is not null)
        {
            text += (text.EndsWith('\n') || text.Length == 0 ? string.Empty : "\n") + note;
        }

        var result = new SandboxResult(exitCode, stopwatch.Elapsed, text, timedOut, output.Total, Sandboxed: true) { Limit = limit };
        SandboxMetrics.Record(result);
        return result;
    }

    /// <summary>
    /// The script the sandbox runs first: copy the project into the bounded workspace, run the command there, then
    /// report how full the two tmpfs mounts are (marked lines, taken out of the output) so a full disk can be named.
    /// </summary>
    private static string Wrapper(string nonce, bool network) =>
        $"cp -R --preserve=mode,timestamps {SourceMount}/. {WorkspaceMount}/ || {{ echo 'the project could not be copied into the sandbox' >&2; "
        + $"df -kP {WorkspaceMount} /tmp 2>/dev/null | awk 'NR > 1 {{ print \"[devbot:{nonce}]\", $6, $2, $4 }}' >&2; exit 125; }}\n"
        + "cd " + WorkspaceMount + "\n"
        + (network
            // The registry proxy is a Unix socket outside; inside, a loopback port the tools' proxy settings name.
            ? $"{Socat} TCP-LISTEN:{ProxyPort},bind=127.0.0.1,fork,reuseaddr UNIX-CONNECT:{ProxySocketMount} & bridge=$!\n"
              + $"i=0; while [ $i -lt 50 ] && ! grep -qi ':{ProxyPort:X4} ' /proc/net/tcp; do sleep 0.1; i=$((i+1)); done\n"
            : string.Empty)
        + "/bin/sh -c \"$1\"\n"
        + "code=$?\n"
        + (network ? "kill $bridge 2>/dev/null\n" : string.Empty)
        + $"df -kP {WorkspaceMount} /tmp 2>/dev/null | awk 'NR > 1 {{ print \"[devbot:{nonce}]\", $6, $2, $4 }}' >&2\n"
        + "exit $code\n";

    /// <summary>Whether the sandbox's node knows --disable-wasm-trap-handler (an unknown flag in NODE_OPTIONS stops node from starting).</summary>
    private static readonly Lazy<bool> NodeTakesWasmFlag = new(() =>
    {
        var node = new[] { "/usr/local/bin/node", "/usr/bin/node" }.FirstOrDefault(File.Exists);
        if (node is null)
        {
            return false;
        }

        try
        {
            using var help = Process.Start(new ProcessStartInfo(node, ["--help"]) { RedirectStandardOutput = true, UseShellExecute = false });
            var text = help?.StandardOutput.ReadToEnd() ?? string.Empty;
            help?.WaitForExit(10_000);
            return text.Contains("--disable-wasm-trap-handler", StringComparison.Ordinal);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    });

    private const string Socat = "/usr/bin/socat";
    private const int ProxyPort = 3128;
    private const string ProxySocketMount = "/run/devbot-proxy.sock";

    /// <summary>What makes package managers use the registry proxy.</summary>
    private static readonly Dictionary<string, string> ProxyEnvironment = new()
    {
        ["HTTP_PROXY"] = $"http://127.0.0.1:{ProxyPort}",
        ["HTTPS_PROXY"] = $"http://127.0.0.1:{ProxyPort}",
        ["http_proxy"] = $"http://127.0.0.1:{ProxyPort}",
        ["https_proxy"] = $"http://127.0.0.1:{ProxyPort}",
        ["npm_config_proxy"] = $"http://127.0.0.1:{ProxyPort}",
        ["npm_config_https_proxy"] = $"http://127.0.0.1:{ProxyPort}",
    };

    /// <summary>Mounts go under /tmp or the workspace, and nowhere a run could shadow what the sandbox relies on.</summary>
    private static void CheckMounts(SandboxRun run)
    {
        foreach (var mount in run.Mounts)
        {
            var target = mount.SandboxPath.TrimEnd('/');
            if (!Path.IsPathRooted(mount.HostPath) || target.Contains("..", StringComparison.Ordinal)
                || !(target.StartsWith("/tmp/", StringComparison.Ordinal) || target.StartsWith(WorkspaceMount + "/", StringComparison.Ordinal)))
            {
                throw new ArgumentException($"A sandbox mount goes under /tmp or {WorkspaceMount}, from an absolute host path: {mount.HostPath} -> {mount.SandboxPath}.", nameof(run));
            }
        }
    }

    private static async Task ChownAsync(string path, (int Uid, int Gid) owner, CancellationToken cancellationToken)
    {
        using var chown = Process.Start(new ProcessStartInfo("chown", ["-R", "--no-dereference", $"{owner.Uid}:{owner.Gid}", path]) { UseShellExecute = false })
                          ?? throw new SandboxUnavailableException("chown could not be started.");
        await chown.WaitForExitAsync(cancellationToken);
    }

    /// <summary>Removes the wrapper's usage lines from the output; the mount that is (all but) full, if any.</summary>
    private static (string Text, string? FullMount) TakeTrailer(string output, string nonce)
    {
        var marker = $"[devbot:{nonce}] ";
        string? full = null;
        var kept = new List<string>();
        foreach (var line in output.Split('\n'))
        {
            if (!line.StartsWith(marker, StringComparison.Ordinal))
            {
                kept.Add(line);
                continue;
            }

            var parts = line[marker.Length..].Split(' ');
            if (full is null && parts.Length == 3
                && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var sizeKb)
                && long.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var availableKb)
                && availableKb <= Math.Max(256, sizeKb / 100))
            {
                full = parts[0];
            }
        }

        return (string.Join('\n', kept), full);
    }

    /// <summary>What the command's environment holds: an allow-list, never the silo's own variables.</summary>
    private static Dictionary<string, string> Environment(long memoryBytes) => new()
    {
        ["NODE_EXTRA_CA_CERTS"] = "/etc/ssl/certs/ca-certificates.crt",
        ["SSL_CERT_FILE"] = "/etc/ssl/certs/ca-certificates.crt",
        ["PIP_CERT"] = "/etc/ssl/certs/ca-certificates.crt",
        ["PIP_DISABLE_PIP_VERSION_CHECK"] = "1",
        ["npm_config_fund"] = "false",
        ["npm_config_audit"] = "false",
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE"] = "1",
        ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        ["HOME"] = "/tmp/home",
        ["USER"] = "sandbox",
        ["LANG"] = "C.UTF-8",
        ["TMPDIR"] = "/tmp",
        ["CI"] = "true",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
        ["DOTNET_CLI_HOME"] = "/tmp/home",
        ["DOTNET_GCHeapHardLimit"] = (memoryBytes * 3 / 4).ToString("X", CultureInfo.InvariantCulture),
        ["NUGET_PACKAGES"] = "/tmp/home/.nuget/packages",
        ["npm_config_cache"] = "/tmp/home/.npm",
        ["npm_config_update_notifier"] = "false",
        ["PYTHONDONTWRITEBYTECODE"] = "1",
        ["PIP_CACHE_DIR"] = "/tmp/home/.cache/pip",
        ["GOCACHE"] = "/tmp/home/.cache/go-build",
        ["GOPATH"] = "/tmp/home/go",
        ["CARGO_HOME"] = "/tmp/home/.cargo",
    };

    /// <summary>For operators who allowed it: the command in a throwaway copy of the tree, with the same environment.</summary>
    private async Task<SandboxResult> RunBareAsync(string root, string command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        logger.LogWarning("Running without a sandbox (Sandbox:AllowUnsandboxed): {Command}", command);
        var identity = CurrentIdentity();
        using var staging = SandboxStaging.Create(_options.StagingRoot ?? PrivateStagingRoot.Value, root, identity.Uid, identity.Gid);
        var start = new ProcessStartInfo("/bin/sh", ["-c", command])
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, WorkingDirectory = staging.Source,
        };
        start.Environment.Clear();
        foreach (var (key, value) in Environment((long)_options.MemoryMegabytes * 1024 * 1024))
        {
            start.Environment[key] = key == "HOME" ? staging.Root : value;
        }

        var output = new OutputTail(_options.OutputLimitBytes);
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new SandboxUnavailableException("/bin/sh could not be started.");
        process.StandardInput.Close();
        var pumps = Task.WhenAll(PumpAsync(process.StandardOutput.BaseStream, output), PumpAsync(process.StandardError.BaseStream, output));
        var timedOut = false;
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            deadline.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                timedOut = !cancellationToken.IsCancellationRequested;
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }

        await pumps.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        cancellationToken.ThrowIfCancellationRequested();
        var text = output.Render() + (timedOut ? $"\n[stopped: the command did not finish within {timeout.TotalSeconds:0} s]" : string.Empty);
        var result = new SandboxResult(timedOut ? -1 : process.ExitCode, stopwatch.Elapsed, text, timedOut, output.Total, Sandboxed: false)
        {
            Limit = timedOut ? SandboxLimit.Deadline : SandboxLimit.None,
        };
        SandboxMetrics.Record(result);
        return result;
    }

    private const int SlotCount = 4096;
    private static readonly HashSet<int> Slots = [];

    // Processes that run sandboxes at the same time (two silos, a test run beside a silo) start at different places.
    private static int _nextSlot = Random.Shared.Next(SlotCount);

    /// <summary>
    /// A uid offset no run of this process is using, rotating through the range so that a run never inherits a
    /// uid whose processes (or unreaped zombies, which count against RLIMIT_NPROC) a just-finished run left behind.
    /// </summary>
    private static int TakeSlot()
    {
        lock (Slots)
        {
            for (var tries = 0; tries < SlotCount; tries++)
            {
                var slot = _nextSlot;
                _nextSlot = (_nextSlot + 1) % SlotCount;
                if (Slots.Add(slot))
                {
                    return slot;
                }
            }

            throw new SandboxUnavailableException($"All {SlotCount} sandbox uids are in use.");
        }
    }

    /// <summary>
    /// Starts the process from a thread that lives until the process has exited. bwrap's --die-with-parent ties the
    /// sandbox to the thread that forked it (PR_SET_PDEATHSIG), so a thread-pool thread that retires early would
    /// kill the sandbox with it.
    /// </summary>
    private static Task StartOnOwnThread(Process process)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var exited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                process.Start();
                started.SetResult();
            }
            catch (Exception ex)
            {
                started.SetException(ex);
                exited.SetException(ex);
                return;
            }

            process.WaitForExit();
            exited.SetResult();
        })
        {
            IsBackground = true,
            Name = "devbot-sandbox",
        };
        thread.Start();
        started.Task.GetAwaiter().GetResult();
        return exited.Task;
    }

    private static async Task PumpAsync(Stream stream, OutputTail output)
    {
        var buffer = new byte[8192];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            output.Append(buffer.AsSpan(0, read));
        }
    }

    private string? FindBwrap()
    {
        if (!string.IsNullOrWhiteSpace(_options.BwrapPath))
        {
            return File.Exists(_options.BwrapPath) ? _options.BwrapPath : null;
        }

        return new[] { "/usr/bin", "/usr/local/bin", "/bin" }.Select(dir => Path.Combine(dir, "bwrap")).FirstOrDefault(File.Exists);
    }

    /// <summary>The real uid and gid of this process (from /proc, which .NET does not expose otherwise).</summary>
    internal static (int Uid, int Gid) CurrentIdentity()
    {
        int Field(string name) =>
            int.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith(name, StringComparison.Ordinal))
                .Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

        return (Field("Uid:"), Field("Gid:"));
    }

    private static (int Uid, int Gid) Account(string name)
    {
        foreach (var line in File.ReadLines("/etc/passwd"))
        {
            var fields = line.Split(':');
            if (fields.Length >= 4 && fields[0] == name)
            {
                return (int.Parse(fields[2], CultureInfo.InvariantCulture), int.Parse(fields[3], CultureInfo.InvariantCulture));
            }
        }

        throw new SandboxUnavailableException($"The sandbox account '{name}' does not exist (Sandbox:RunAsUser).");
    }
}
