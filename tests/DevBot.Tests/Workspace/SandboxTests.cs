using DevBot.Tests.Infrastructure;
using DevBot.Workspace.Sandbox;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DevBot.Tests.Workspace;

/// <summary>Generated code runs in a copy of its project with no network, a read-only allow-list of the host, a deadline and limits (the attacks are in <see cref="SandboxAttackTests"/>).</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SandboxTests : IDisposable
{
    private readonly TempTree _tree = new();

    [Fact]
    public async Task Command_RunsInACopyOfTheProject_AndItsWritesStayInside()
    {
        _tree.Write("hello.txt", "hi\n");
        _tree.Write("src/tool.sh", "echo tool-ran\n");
        File.SetUnixFileMode(Path.Combine(_tree.Repo, "src/tool.sh"), (UnixFileMode)0b111_101_101);

        var result = await Runner().RunAsync(_tree.Repo, "cat hello.txt && echo built > out.txt && cat out.txt && pwd && ./src/tool.sh && id -un");

        Assert.True(result.Succeeded, result.Output);
        Assert.True(result.Sandboxed);
        Assert.Equal(SandboxLimit.None, result.Limit);
        Assert.Equal(["hi", "built", SandboxRunner.WorkspaceMount, "tool-ran", "sandbox"], result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(File.Exists(Path.Combine(_tree.Repo, "out.txt")));
    }

    [Fact]
    public async Task Network_IsUnreachable()
    {
        var result = await Runner().RunAsync(_tree.Repo,
            "python3 -c \"import socket; socket.create_connection(('1.1.1.1', 80), timeout=3)\" && echo CONNECTED");

        Assert.False(result.Succeeded);
        Assert.DoesNotContain("CONNECTED", result.Output, StringComparison.Ordinal);
        Assert.Contains("unreachable", result.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task WritesOutsideTheRepository_Fail()
    {
        var before = _tree.SnapshotOutsideRepo();

        var result = await Runner().RunAsync(_tree.Repo,
            $"touch /etc/devbot-pwned; echo x > {_tree.Outside}/secret.txt; echo y > ../sibling.txt; touch /tmp/private && echo tmp-ok");

        Assert.Contains("Read-only file system", result.Output, StringComparison.Ordinal);
        Assert.Contains("tmp-ok", result.Output, StringComparison.Ordinal);
        Assert.False(File.Exists("/etc/devbot-pwned"));
        Assert.Equal(before, _tree.SnapshotOutsideRepo());
    }

    [Fact]
    public async Task RunawayLoop_IsStoppedByTheDeadline()
    {
        var result = await Runner().RunAsync(_tree.Repo, "while true; do :; done", TimeSpan.FromSeconds(2));

        Assert.True(result.TimedOut);
        Assert.Equal(-1, result.ExitCode);
        Assert.InRange(result.Duration, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(10));
        Assert.Contains("did not finish within 2 s", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForkBomb_IsContainedByTheProcessLimit()
    {
        var result = await Runner(maxProcesses: 32).RunAsync(_tree.Repo,
            "bomb() { bomb | bomb & }; bomb; sleep 2; echo still-running", TimeSpan.FromSeconds(20));

        // The bomb hits the process limit (forks fail) instead of exhausting the machine, and the run ends on its own.
        Assert.False(result.TimedOut);
        Assert.True(result.Output.Contains("Cannot fork", StringComparison.Ordinal)
                    || result.Output.Contains("Resource temporarily unavailable", StringComparison.Ordinal), result.Output);
        Assert.True(result.Duration < TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task OutputTail_KeepsTheLastBytesWhateverTheReadSizes()
    {
        var tail = new DevBot.Workspace.Sandbox.OutputTail(10);
        tail.Append("0123"u8);
        tail.Append("456789abcdefghij"u8);
        tail.Append("XY"u8);

        Assert.Equal(22, tail.Total);
        Assert.Equal("[… 12 earlier bytes of output omitted …]\ncdefghijXY", tail.Render());
    }

    [Fact]
    public async Task LongOutput_KeepsTheTailWithANote()
    {
        var result = await Runner(outputLimit: 4096).RunAsync(_tree.Repo, "seq 1 20000");

        Assert.True(result.Succeeded);
        Assert.True(result.OutputBytes > 4096);
        Assert.StartsWith("[… ", result.Output, StringComparison.Ordinal);
        Assert.EndsWith("20000\n", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutBubblewrap_RunsAreRefused()
    {
        var runner = new SandboxRunner(Options.Create(new SandboxOptions { BwrapPath = "/nonexistent/bwrap" }), NullLogger<SandboxRunner>.Instance);

        var error = await Assert.ThrowsAsync<SandboxUnavailableException>(() => runner.RunAsync(_tree.Repo, "echo hi"));

        Assert.Contains("apt-get install bubblewrap", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExitCode_IsReported_AndTheProjectIsNeverHandedToTheSandboxUser()
    {
        _tree.Write("a.txt", "a\n");
        var owner = await OutputOfAsync("stat", "-c", "%u:%g:%a", _tree.Repo);

        var result = await Runner().RunAsync(_tree.Repo, "echo made > made.txt; exit 3");

        Assert.True(3 == result.ExitCode, $"exit {result.ExitCode}, timed out {result.TimedOut}, {result.Duration}: {result.Output}");
        Assert.False(File.Exists(Path.Combine(_tree.Repo, "made.txt")));
        // The working copy keeps its owner and mode: a silo killed during a run leaves nothing to repair.
        Assert.Equal(owner, await OutputOfAsync("stat", "-c", "%u:%g:%a", _tree.Repo));
    }

    internal static async Task<string> OutputOfAsync(string file, params string[] arguments)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(file, arguments) { RedirectStandardOutput = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output.Trim();
    }

    public void Dispose() => _tree.Dispose();

    private static SandboxRunner Runner(int maxProcesses = 128, int outputLimit = 64 * 1024) =>
        new(Options.Create(new SandboxOptions { MaxProcesses = maxProcesses, OutputLimitBytes = outputLimit }), NullLogger<SandboxRunner>.Instance);
}
