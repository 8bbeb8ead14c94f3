using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DevBot.Workspace.Sandbox;

/// <summary>
/// Runs a generated project's commands in bubblewrap: no network (all namespaces unshared), the host read-only,
/// a private /tmp, only the repository writable (at /tmp/workspace), a wall-clock deadline, address-space and
/// process limits, output captured (its tail kept). As root the command runs as an unprivileged uid of its own that
/// owns the repository for the duration (process limits do not bind root, and are counted per uid). Without bubblewrap it refuses, unless the
/// operator allowed unsandboxed runs.
/// </summary>
public sealed class SandboxRunner(IOptions<SandboxOptions> options, ILogger<SandboxRunner> logger)
{
    public const string WorkspaceMount = "/tmp/workspace";
    private readonly SandboxOptions _options = options.Value;

    public bool IsAvailable => FindBwrap() is not null;

    public async Task<SandboxResult> RunAsync(string repository, string command, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        var root = Path.GetFullPath(repository);
        var bwrap = FindBwrap();
        if (bwrap is null && !_options.AllowUnsandboxed)
        {
            throw new SandboxUnavailableException(
                "Generated code is only run in a sandbox, and bubblewrap (bwrap) is not installed: install it with 'apt-get install bubblewrap'. "
                + "Operators whose workers are disposable, network-less containers can set Sandbox__AllowUnsandboxed=true instead.");
        }

        var slot = -1;
        (int Uid, int Gid)? account = null;
        if (IsRoot())
        {
            if (string.IsNullOrWhiteSpace(_options.RunAsUser))
            {
                slot = TakeSlot();
                account = (_options.UidRangeStart + slot, _options.UidRangeStart + slot);
            }
            else
            {
                account = Account(_options.RunAsUser);
            }

            await ChownAsync(root, $"{account.Value.Uid}:{account.Value.Gid}", cancellationToken);
        }

        try
        {
            return await ExecuteAsync(bwrap, root, command, account, timeout ?? _options.Timeout, cancellationToken);
        }
        finally
        {
            if (account is not null)
            {
                await ChownAsync(root, "0:0", CancellationToken.None);
            }

            if (slot >= 0)
            {
                lock (Slots)
                {
                    Slots.Remove(slot);
                }
            }
        }
    }

    private async Task<SandboxResult> ExecuteAsync(string? bwrap, string root, string command, (int Uid, int Gid)? account, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        var arguments = new List<string>();
        if (account is { } user)
        {
            arguments.AddRange(["/usr/bin/setpriv", $"--reuid={user.Uid}", $"--regid={user.Gid}", "--clear-groups", "--"]);
        }

        var memoryBytes = (long)_options.MemoryMegabytes * 1024 * 1024;
        arguments.AddRange(["prlimit", $"--nproc={_options.MaxProcesses}", $"--as={memoryBytes}", "--core=0", "--"]);
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin",
            ["HOME"] = "/tmp/home",
            ["LANG"] = "C.UTF-8",
            ["TMPDIR"] = "/tmp",
            ["CI"] = "true",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_GCHeapHardLimit"] = (memoryBytes * 3 / 4).ToString("X", CultureInfo.InvariantCulture),
            ["PYTHONDONTWRITEBYTECODE"] = "1",
        };
        string workingDirectory;
        if (bwrap is not null)
        {
            arguments.AddRange([bwrap, "--unshare-all", "--die-with-parent", "--new-session", "--ro-bind", "/", "/", "--dev", "/dev",
                "--proc", "/proc", "--tmpfs", "/tmp", "--dir", "/tmp/home", "--bind", root, WorkspaceMount, "--chdir", WorkspaceMount, "--clearenv"]);
            foreach (var (key, value) in environment)
            {
                arguments.AddRange(["--setenv", key, value]);
            }

            workingDirectory = "/";
        }
        else
        {
            logger.LogWarning("Running without a sandbox (Sandbox:AllowUnsandboxed): {Command}", command);
            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }

            Directory.CreateDirectory("/tmp/home");
            workingDirectory = root;
        }

        arguments.AddRange(["/bin/sh", "-c", command]);
        start.FileName = arguments[0];
        foreach (var argument in arguments.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        start.WorkingDirectory = workingDirectory;
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
        var text = output.Render();
        if (timedOut)
        {
            text += $"\n[stopped: the command did not finish within {timeout.TotalSeconds:0} s]";
        }

        var result = new SandboxResult(timedOut ? -1 : process.ExitCode, stopwatch.Elapsed, text, timedOut, output.Total, bwrap is not null);
        SandboxMetrics.Record(result);
        return result;
    }

    private const int SlotCount = 4096;
    private static readonly HashSet<int> Slots = [];
    private static int _nextSlot;

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

        return (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(Path.PathSeparator)
            .Append("/usr/bin")
            .Select(dir => Path.Combine(dir, "bwrap"))
            .FirstOrDefault(File.Exists);
    }

    private static bool IsRoot() => File.Exists("/proc/self/status")
        && File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal))?.Split('\t', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(2) == "0";

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

    private static async Task ChownAsync(string path, string owner, CancellationToken cancellationToken)
    {
        using var chown = Process.Start(new ProcessStartInfo("chown", ["-R", "--no-dereference", owner, path]) { UseShellExecute = false })
                          ?? throw new InvalidOperationException("chown could not be started.");
        await chown.WaitForExitAsync(cancellationToken);
    }
}
