using System.Diagnostics;
using System.Text;

namespace DevBot.Workspace.Git;

/// <summary>
/// The git command line, for what libgit2 cannot do: bundles (create, verify, clone from). Runs non-interactively with
/// a deadline, with no user or system configuration and no inherited GIT_* variables, with hooks and fsmonitor
/// commands switched off and symbolic links checked out as plain files, and (git's own safe.directory rule) only on
/// repositories this process owns.
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
        foreach (var argument in new[]
                 {
                     "-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false", "-c", "core.symlinks=false",
                     "-c", "protocol.ext.allow=never",
                 }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith("GIT_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(inherited);
        }

        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        start.Environment["GIT_ATTR_NOSYSTEM"] = "1";
        start.Environment["HOME"] = "/nonexistent";
        start.Environment.Remove("XDG_CONFIG_HOME");
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
