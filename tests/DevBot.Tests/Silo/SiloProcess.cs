using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using DevBot.Tests.Infrastructure;

namespace DevBot.Tests.Silo;

/// <summary>
/// The built silo (<c>src/Silo/bin/&lt;configuration&gt;/net10.0/DevBot.Silo.dll</c>) run as `./devbot run` runs it:
/// <c>--chat</c> with the console chat on a piped input, embedded PostgreSQL in a data folder of its own, in a process
/// group of its own (through setsid) so that a test can signal the whole group as a terminal's Ctrl-C does.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SiloProcess(Process process, string workingDirectory, string dataDirectory, int httpPort)
    {
        _process = process;
        WorkingDirectory = workingDirectory;
        DataDirectory = dataDirectory;
        HttpPort = httpPort;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        ProcessGroup = ReadProcessGroup(process.Id);
    }

    public string WorkingDirectory { get; }

    public string DataDirectory { get; }

    public int HttpPort { get; }

    public int ProcessGroup { get; }

    /// <summary>The silo's log: with the console chat on the terminal, logs go to .devbot/logs/silo.log.</summary>
    public string LogFile => Path.Combine(WorkingDirectory, ".devbot", "logs", "silo.log");

    public bool HasExited => _process.HasExited;

    /// <summary>The silo's standard input: with the console chat, what the user types.</summary>
    public StreamWriter Input => _process.StandardInput;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts a silo; <paramref name="dataDirectory"/> null gives it a new one.</summary>
    public static SiloProcess Start(string? dataDirectory = null, params string[] extraArguments)
    {
        var silo = SiloAssembly();
        var workingDirectory = Path.Combine(Path.GetTempPath(), "devbot-siloproc-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(workingDirectory);
        dataDirectory ??= Path.Combine(workingDirectory, "pgdata");
        var cluster = "p-" + Guid.NewGuid().ToString("N")[..8];
        var httpPort = FreePorts.Next();
        var startInfo = new ProcessStartInfo("/usr/bin/setsid")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // setsid: a session and process group of its own, signalled as a whole like a terminal's foreground group.
        // env --default-signal: a test runner started in the background may pass SIGINT down ignored; a terminal never does.
        foreach (var argument in (string[])
                 [
                     "/usr/bin/env", "--default-signal=INT,QUIT,TERM", "dotnet", silo, "--chat",
                     $"--urls=http://127.0.0.1:{httpPort}",
                     $"--Database:DataDirectory={dataDirectory}",
                     $"--Orleans:ClusterId={cluster}",
                     $"--Orleans:ServiceId={cluster}",
                     $"--Orleans:SiloPort={FreePorts.Next()}",
                     $"--Orleans:GatewayPort={FreePorts.Next()}",
                     "--Bot:Mode=Console",
                     "--Logging:LogLevel:Orleans.Runtime.Silo=Debug",
                     .. extraArguments,
                 ])
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment.Remove("DATABASE_URL");
        startInfo.Environment.Remove("TELEGRAM_BOT_TOKEN");
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("setsid did not start");
        return new SiloProcess(process, workingDirectory, dataDirectory, httpPort);
    }

    public async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (HasExited)
            {
                throw new InvalidOperationException($"The silo exited with {ExitCode} before it was healthy.\n{Output}\n{ReadLog()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{HttpPort}/healthz"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The silo was not healthy within {timeout.TotalSeconds:0} s.\n{Output}\n{ReadLog()}");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>Sends a signal to the silo's whole process group, as a terminal sends Ctrl-C to its foreground group.</summary>
    public void SignalGroup(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("/bin/kill", ["-s", signal, "--", "-" + ProcessGroup.ToString(CultureInfo.InvariantCulture)])
        {
            UseShellExecute = false,
        })!;
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -s {signal} -{ProcessGroup} failed with {kill.ExitCode}");
        }
    }

    /// <summary>Waits for the silo process to exit; returns whether it did within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
            _process.WaitForExit();
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public string ReadLog()
    {
        try
        {
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    /// <summary>PIDs of live (not zombie) postgres processes serving this silo's data folder.</summary>
    public IReadOnlyList<int> PostgresProcesses() => PostgresProcessesFor(DataDirectory);

    public static IReadOnlyList<int> PostgresProcessesFor(string dataDirectory)
    {
        var cluster = Path.Combine(Path.GetFullPath(dataDirectory), "cluster");
        var found = new List<int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(folder, "cmdline")).Split('\0');
                var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
                if (commandLine.Length > 2 && commandLine[0].EndsWith("/postgres", StringComparison.Ordinal)
                    && commandLine.Contains(cluster) && state is not ("Z" or "X"))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // Exited while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // A test that failed halfway: a graceful stop first, then whatever is left.
            try
            {
                SignalGroup("TERM");
            }
            catch (InvalidOperationException)
            {
            }

            if (!await WaitForExitAsync(TimeSpan.FromSeconds(30)))
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        StopLeftoverPostgres(DataDirectory);
        _process.Dispose();
        TryDelete(WorkingDirectory);
        TryDelete(DataDirectory);
    }

    /// <summary>Stops a server a test left running (a killed silo's), so no test leaves PostgreSQL behind.</summary>
    public static void StopLeftoverPostgres(string dataDirectory)
    {
        var pidFile = Path.Combine(dataDirectory, "cluster", "postmaster.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid))
        {
            return;
        }

        // SIGQUIT is PostgreSQL's immediate shutdown; the folder is deleted afterwards anyway.
        using var kill = Process.Start(new ProcessStartInfo("/bin/kill", ["-s", "QUIT", pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (PostgresProcessesFor(dataDirectory).Count > 0 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(100);
        }
    }

    private static string SiloAssembly()
    {
        // The test assembly sits in tests/DevBot.Tests/bin/<configuration>/net10.0; the silo is built beside it.
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testBin.Parent!.Name;
        var root = testBin;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "DevBot.sln")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException($"No DevBot.sln above {AppContext.BaseDirectory}.");
        }

        var silo = Path.Combine(root.FullName, "src", "Silo", "bin", configuration, testBin.Name, "DevBot.Silo.dll");
        return File.Exists(silo)
            ? silo
            : throw new InvalidOperationException($"The silo is not built at {silo}: build the solution (dotnet build DevBot.sln -c {configuration}).");
    }

    private static int ReadProcessGroup(int pid)
    {
        // setsid made the child the leader of a new session and group, unless it had to fork to do so: read it back.
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var group = int.Parse(fields[2], CultureInfo.InvariantCulture);
            if (group == pid)
            {
                return group;
            }

            Thread.Sleep(20);
        }

        throw new InvalidOperationException($"The silo process {pid} did not become a process group leader.");
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Temporary folders; a leftover is harmless.
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
