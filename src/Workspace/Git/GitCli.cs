using System.Diagnostics;
using System.Text;

namespace DevBot.Workspace.Git;

/// <summary>
/// The git command line, for what libgit2 cannot do: bundles (create, verify, clone from). Runs with a clean,
/// non-interactive environment and a deadline.
/// </summary>
public static class GitCli
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, IEnumerable<string> arguments, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Repositories are created and owned by this process; other owners' checks and user config do not apply.
        foreach (var argument in new[] { "-c", "safe.directory=*", "-c", "core.hooksPath=/dev/null" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["HOME"] = Path.GetTempPath();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("git could not be started.");
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        output.Append(await stdout).Append(await stderr);
        return (process.ExitCode, output.ToString());
    }

    public static async Task RunCheckedAsync(string workingDirectory, IEnumerable<string> arguments, CancellationToken cancellationToken = default)
    {
        var list = arguments.ToList();
        var (code, output) = await RunAsync(workingDirectory, list, cancellationToken);
        if (code != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', list.Take(2))} failed ({code}): {output.Trim()}");
        }
    }
}
