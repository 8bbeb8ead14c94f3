using System.Diagnostics;
using System.Text;

namespace DevBot.Data.Embedded;

/// <summary>Runs the PostgreSQL tools, optionally as another OS account, and collects their output.</summary>
internal static class ProcessRunner
{
    private const string SessionTool = "/usr/bin/setsid";

    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IReadOnlyList<string> arguments,
        string workingDirectory,
        OsAccount? runAs,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        List<string> command = [];
        if (File.Exists(SessionTool))
        {
            // A session of its own: a Ctrl-C at the terminal reaches the whole foreground process group, and a pg_ctl
            // torn down halfway through a start or a stop would leave the server in between. This process stops the
            // tools itself (on cancellation) and the server after its silo.
            command.AddRange([SessionTool, "--wait"]);
        }

        if (runAs is not null)
        {
            command.Add(runAs.SwitchUserTool);
            command.AddRange(runAs.SwitchUserArguments);
        }

        command.Add(fileName);
        command.AddRange(arguments);
        startInfo.FileName = command[0];
        foreach (var argument in command.Skip(1))
        {
            startInfo.ArgumentList.Add(argument);
        }

        // The server inherits nothing that would change how it parses its configuration or where it writes.
        startInfo.Environment["LC_ALL"] = "C";
        startInfo.Environment.Remove("PGDATA");
        startInfo.Environment.Remove("PGPORT");

        var output = new StringBuilder();
        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            TryKill(process);
            cancellationToken.ThrowIfCancellationRequested();
            return new ProcessResult(-1, $"{Path.GetFileName(fileName)} did not finish within {timeout.TotalSeconds:0} s.\n{Snapshot(output)}");
        }

        // WaitForExitAsync returns once the process exits; the asynchronous readers may still be draining.
        process.WaitForExit();
        return new ProcessResult(process.ExitCode, Snapshot(output));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static void TryKill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
