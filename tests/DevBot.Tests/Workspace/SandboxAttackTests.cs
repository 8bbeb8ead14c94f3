using System.Security.Cryptography;
using DevBot.Workspace.Git;
using DevBot.Workspace.Sandbox;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DevBot.Tests.Workspace;

/// <summary>
/// Generated code attacks the sandbox as a stranger's model could make it: it reads for the silo's secrets, other
/// users' projects and DevBot's data, writes outside, rewrites the repository's git metadata, plants files and
/// branches to smuggle things out, fills the disks, forks, burns CPU. Each attempt fails and leaves the host, the
/// repository and its history as they were. The "silo" here is laid out as a real one is: working copies side by side
/// under one folder outside /tmp (the default <c>.devbot/workspaces</c>), a data folder beside it, secrets in the
/// silo's environment; the canaries are world-readable, so only the sandbox's allow-list keeps them in.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SandboxAttackTests : IDisposable
{
    private const string CanaryVariable = "DEVBOT_ATTACK_CANARY";
    private static readonly string EnvironmentCanary = "env-canary-" + Guid.NewGuid().ToString("N");
    private readonly string _base = Path.Combine(WritableFolderOutsideTmp(), "attack-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly string _canary = "file-canary-" + Guid.NewGuid().ToString("N");

    static SandboxAttackTests()
    {
        // As the silo's API_KEY_ENCRYPTION_KEY or TELEGRAM_BOT_TOKEN are: in the environment of the process that starts sandboxes.
        Environment.SetEnvironmentVariable(CanaryVariable, EnvironmentCanary);
    }

    public SandboxAttackTests()
    {
        Directory.CreateDirectory(Ours);
        File.WriteAllText(Path.Combine(Ours, "main.py"), "print('ours')\n");
        using (var repository = ProjectRepository.OpenOrInit(Ours))
        {
            repository.Commit(["main.py"], "TODO 1.1: main", "DevBot", "devbot@example.com");
        }

        Directory.CreateDirectory(Theirs);
        File.WriteAllText(Path.Combine(Theirs, "canary-theirs.txt"), _canary + "\n");
        Directory.CreateDirectory(Data);
        File.WriteAllText(Path.Combine(Data, "canary-data.txt"), _canary + "\n");
        foreach (var file in new[] { Path.Combine(Theirs, "canary-theirs.txt"), Path.Combine(Data, "canary-data.txt") })
        {
            File.SetUnixFileMode(file, (UnixFileMode)0b110_100_100);
        }
    }

    private string Ours => Path.Combine(_base, "workspaces", "ours");

    private string Theirs => Path.Combine(_base, "workspaces", "theirs");

    private string Data => Path.Combine(_base, "pgdata");

    [Fact]
    public async Task SilosEnvironment_IsNotVisible_InAnyProcessOfTheSandbox()
    {
        Assert.Equal(EnvironmentCanary, Environment.GetEnvironmentVariable(CanaryVariable));

        var result = await Runner().RunAsync(Ours,
            "env; for f in /proc/[0-9]*/environ /proc/self/environ; do echo \"== $f\"; tr '\\0' '\\n' < \"$f\"; done; cat /proc/1/cmdline; echo",
            TimeSpan.FromSeconds(30));

        Assert.True(result.Succeeded, result.Output);
        Assert.Contains("== /proc/1/environ", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(EnvironmentCanary, result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(CanaryVariable, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OtherProjects_DataFolder_AndHomes_AreNotThere()
    {
        var result = await Runner().RunAsync(Ours,
            $"cat '{Theirs}/canary-theirs.txt'; cat '{Data}/canary-data.txt'; ls -la '{_base}' '{Path.GetDirectoryName(Ours)}'; ls /root /home /var /run /sys /mnt; "
            + "find / -path /proc -prune -o -name 'canary-*' -print 2>/dev/null; grep -rl file-canary /tmp /workspace /etc 2>/dev/null; echo done",
            TimeSpan.FromSeconds(60));

        Assert.Contains("done", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(_canary, result.Output, StringComparison.Ordinal);
        // find prints what it finds as a path of its own line; the only mentions allowed are cat's and ls's complaints.
        Assert.DoesNotContain(result.Output.Split('\n'), line => line.StartsWith('/') && line.Contains("canary-", StringComparison.Ordinal));
        Assert.Contains($"cat: {Theirs}/canary-theirs.txt: No such file or directory", result.Output, StringComparison.Ordinal);
        Assert.Contains("ls: cannot access '/root': No such file or directory", result.Output, StringComparison.Ordinal);
        Assert.Contains("ls: cannot access '/home': No such file or directory", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WritesOutsideTheWorkspace_Fail_AndWritesInsideNeverReachTheProject()
    {
        var before = Snapshot(_base);

        var result = await Runner().RunAsync(Ours,
            $"touch /usr/pwned /etc/pwned /pwned '{Theirs}/pwned' '{Ours}/pwned' /.devbot/src/pwned; echo leaked > leak.txt; mkdir -p new/dir; "
            + "echo changed > main.py; ln -s /etc/passwd link; touch /tmp/ok && echo tmp-ok",
            TimeSpan.FromSeconds(30));

        Assert.Contains("tmp-ok", result.Output, StringComparison.Ordinal);
        Assert.Contains("Read-only file system", result.Output, StringComparison.Ordinal);
        Assert.False(File.Exists("/usr/pwned") || File.Exists("/etc/pwned") || File.Exists("/pwned"));
        Assert.Equal(before, Snapshot(_base));
    }

    [Fact]
    public async Task GitMetadata_CannotBeChangedOrExtended_FromTheSandbox()
    {
        var gitBefore = Snapshot(Path.Combine(Ours, ".git"));
        var host = Path.Combine(_base, "host-folder");
        Directory.CreateDirectory(host);
        File.WriteAllText(Path.Combine(host, "keep.txt"), "keep\n");

        var result = await Runner().RunAsync(Ours,
            $"git config core.worktree '{host}'; printf '[core]\\n\\tworktree = {host}\\n[core]\\n\\tfsmonitor = touch /tmp/x\\n' >> .git/config; "
            + "git init -q . && git add -A && git -c user.name=x -c user.email=x@x commit -qm leak; git branch leak; git checkout -q -b leak2; "
            + "mkdir -p .git/hooks && printf '#!/bin/sh\\ntouch /tmp/hooked\\n' > .git/hooks/post-commit; ls -a; echo done",
            TimeSpan.FromSeconds(30));

        Assert.Contains("done", result.Output, StringComparison.Ordinal);
        Assert.Equal(gitBefore, Snapshot(Path.Combine(Ours, ".git")));
        Assert.Empty(RepositoryIntegrity.Problems(Ours));
        Assert.Equal(["keep.txt"], Directory.EnumerateFileSystemEntries(host).Select(Path.GetFileName));
        using var repository = ProjectRepository.Open(Ours);
        Assert.Equal(["TODO 1.1: main"], repository.History().Select(c => c.Message));
    }

    [Fact]
    public async Task FillingTheWorkspace_StopsAtItsQuota_WithAClearNote()
    {
        var result = await Runner(o => o.WorkspaceMegabytes = 48).RunAsync(Ours, "dd if=/dev/zero of=big bs=1M count=100 2>&1; echo after-dd", TimeSpan.FromSeconds(60));

        Assert.Contains("No space left on device", result.Output, StringComparison.Ordinal);
        Assert.Equal(SandboxLimit.Disk, result.Limit);
        Assert.Contains("disk quota was reached: /workspace holds at most 48 MB", result.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Ours, "big")));
    }

    [Fact]
    public async Task FillingTmp_StopsAtItsQuota_WithAClearNote()
    {
        var result = await Runner(o => o.TmpMegabytes = 32).RunAsync(Ours, "dd if=/dev/zero of=/tmp/big bs=1M count=100 2>&1; exit 1", TimeSpan.FromSeconds(60));

        Assert.Contains("No space left on device", result.Output, StringComparison.Ordinal);
        Assert.Equal(SandboxLimit.Disk, result.Limit);
        Assert.Contains("/tmp holds at most 32 MB", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHugeFile_IsStoppedByTheFileSizeLimit()
    {
        var result = await Runner(o => o.FileSizeMegabytes = 8).RunAsync(Ours, "dd if=/dev/zero of=big bs=1M count=32", TimeSpan.FromSeconds(60));

        Assert.False(result.Succeeded);
        Assert.Equal(SandboxLimit.FileSize, result.Limit);
        Assert.Contains("a file grew beyond the 8 MB limit", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BurningCpu_IsStoppedByTheCpuTimeLimit()
    {
        var result = await Runner(o => o.CpuSeconds = 1).RunAsync(Ours, "python3 -c 'while True: pass'", TimeSpan.FromSeconds(60));

        Assert.False(result.TimedOut);
        Assert.Equal(SandboxLimit.CpuTime, result.Limit);
        Assert.Contains("used more than 1 s of CPU time", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EatingMemory_IsStopped_ByTheRunsCgroupWhereThereIsOne_ElseByTheAddressSpaceLimit()
    {
        // Allocated in touched chunks, so the cgroup (96 MB) or, without one, the address space (512 MB) runs out first.
        var result = await Runner(o => { o.RunMemoryMegabytes = 96; o.MemoryMegabytes = 512; })
            .RunAsync(Ours, "python3 -c 'x = [bytearray(8 * 1024 * 1024) for _ in range(100)]; print(\"allocated\")'", TimeSpan.FromSeconds(60));

        Assert.False(result.Succeeded);
        Assert.DoesNotContain("allocated", result.Output, StringComparison.Ordinal);
        if (SandboxRunner.CgroupsAvailable)
        {
            Assert.Equal(SandboxLimit.Memory, result.Limit);
            Assert.Contains("more than its 96 MB of memory", result.Output, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("MemoryError", result.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task NestedNamespaces_AndTheNetwork_AreNotAvailable()
    {
        var result = await Runner().RunAsync(Ours,
            "unshare -U true && echo NESTED; python3 -c \"import socket; socket.create_connection(('127.0.0.1', 5432), timeout=2)\" 2>&1 | tail -1; hostname",
            TimeSpan.FromSeconds(30));

        Assert.DoesNotContain("NESTED", result.Output, StringComparison.Ordinal);
        Assert.Contains("Connection refused", result.Output, StringComparison.Ordinal);
        Assert.Contains("devbot-sandbox", result.Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_base, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// Where the fake silo is laid out: beside the tests (as the default working-copy folder sits beside the silo), or
    /// /var/tmp when the suite runs as an unprivileged user who cannot write there. Never under /tmp, which the
    /// sandbox replaces anyway and would hide the canaries for the wrong reason.
    /// </summary>
    private static string WritableFolderOutsideTmp()
    {
        try
        {
            var probe = Path.Combine(AppContext.BaseDirectory, ".write-probe-" + Guid.NewGuid().ToString("N"));
            File.WriteAllText(probe, string.Empty);
            File.Delete(probe);
            return AppContext.BaseDirectory;
        }
        catch (UnauthorizedAccessException)
        {
            return "/var/tmp";
        }
    }

    /// <summary>Every file and folder under <paramref name="folder"/> with its owner-visible state and a hash of its bytes.</summary>
    private static SortedDictionary<string, string> Snapshot(string folder)
    {
        var snapshot = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            snapshot[entry.FullName] = entry switch
            {
                _ when entry.LinkTarget is not null => "link:" + entry.LinkTarget,
                FileInfo file => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file.FullName))),
                _ => "dir",
            };
        }

        return snapshot;
    }

    private static SandboxRunner Runner(Action<SandboxOptions>? configure = null)
    {
        var options = new SandboxOptions { MaxProcesses = 128 };
        configure?.Invoke(options);
        return new SandboxRunner(Options.Create(options), NullLogger<SandboxRunner>.Instance);
    }
}
