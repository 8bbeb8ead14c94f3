using System.IO.Compression;
using System.Text;
using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Projects;
using DevBot.Tests.Infrastructure;
using DevBot.Workspace.Git;

namespace DevBot.Tests.Pipeline;

/// <summary>
/// A whole journey whose generated code is hostile: the project's own test module, run by the test stage in the
/// sandbox, hunts for the silo's secrets and other users' files, commits what it found on a new branch and tag,
/// leaves it in files, and plants git settings and hooks aimed at the host. The project completes, and nothing of
/// that reaches the delivered ZIP, its history, the working copy's metadata or the host.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class HostileProjectTests
{
    private const string CanaryVariable = "DEVBOT_JOURNEY_CANARY";

    [Fact]
    public async Task HostileTestModule_RunsInTheSandbox_AndNothingItFindsOrPlantsIsDelivered()
    {
        var envCanary = "journey-env-" + Guid.NewGuid().ToString("N");
        var fileCanary = "journey-file-" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(CanaryVariable, envCanary);
        var root = Path.Combine(AppContext.BaseDirectory, "hostile-" + Guid.NewGuid().ToString("N")[..10]);
        var workspaces = Path.Combine(root, "workspaces");
        var other = Path.Combine(workspaces, Guid.NewGuid().ToString("N"));
        var host = Path.Combine(root, "host-folder");
        var marker = Path.Combine(root, "hook-ran");
        Directory.CreateDirectory(other);
        Directory.CreateDirectory(host);
        File.WriteAllText(Path.Combine(other, "secret.txt"), fileCanary + "\n");
        File.SetUnixFileMode(Path.Combine(other, "secret.txt"), (UnixFileMode)0b110_100_100);
        File.WriteAllText(Path.Combine(host, "keep.txt"), "keep\n");
        try
        {
            await using var pipeline = await PipelineCluster.StartAsync("hostile", extraSettings: new Dictionary<string, string> { ["Workspace:Root"] = workspaces });
            pipeline.Scenario.ExtraFiles["1.3"] = new Dictionary<string, string> { ["tests/test_probe.py"] = Probe([Path.Combine(other, "secret.txt"), workspaces, other], host, marker) };
            var user = TestUsers.NewId();
            await pipeline.Grains.GetGrain<ICreditLedgerGrain>(user).GrantAsync(new CreditGrant("hostile", 500m, GrantKind.Manual, null));

            var projectId = await pipeline.StartProjectAsync(user);
            var final = await pipeline.WaitForAsync(projectId, s => s.State is ProjectState.Completed or ProjectState.Failed or ProjectState.Paused);

            Assert.True(final.State == ProjectState.Completed, $"{final.State}: {final.Activity}");
            // The probe really ran in the test stage: its verdict is in the test output the project kept.
            var stored = await Sql.ScalarAsync<long>(pipeline.ConnectionString,
                "SELECT count(*) FROM orleans_storage WHERE convert_from(payload, 'UTF8') LIKE '%test_probe (tests.test_probe.ProbeTest%ok%'");
            Assert.Equal(1L, stored);
            var package = (await pipeline.Grains.GetGrain<IProjectGrain>(projectId).GetPackageAsync(user))!;
            var unpacked = Path.Combine(root, "unpacked");
            using (var archive = new ZipArchive(new MemoryStream(package.Content)))
            {
                Assert.Contains(archive.Entries, e => e.FullName.EndsWith("tests/test_probe.py", StringComparison.Ordinal));
                Assert.DoesNotContain(archive.Entries, e => e.FullName.Contains("loot", StringComparison.Ordinal));
                archive.ExtractToDirectory(unpacked);
            }

            var bundle = Directory.EnumerateFiles(unpacked, "*.bundle").Single();
            var (_, heads) = await GitCli.RunAsync(unpacked, ["bundle", "list-heads", bundle]);
            Assert.Equal(["HEAD", "refs/heads/main"], heads.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[1]).Order(StringComparer.Ordinal));
            await GitCli.RunCheckedAsync(unpacked, ["clone", "--quiet", "--mirror", bundle, "mirror"]);
            var (_, subjects) = await GitCli.RunAsync(Path.Combine(unpacked, "mirror"), ["log", "--all", "--format=%an|%s"]);
            Assert.All(subjects.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.StartsWith("DevBot|", line, StringComparison.Ordinal));
            var (_, objects) = await GitCli.RunAsync(Path.Combine(unpacked, "mirror"), ["cat-file", "--batch-all-objects", "--batch"]);
            var everything = objects + string.Join('\n', Directory.EnumerateFiles(unpacked, "*", SearchOption.AllDirectories).Select(f => Encoding.UTF8.GetString(File.ReadAllBytes(f))));
            Assert.DoesNotContain(envCanary, everything, StringComparison.Ordinal);
            Assert.DoesNotContain(fileCanary, everything, StringComparison.Ordinal);

            Assert.Equal(["keep.txt"], Directory.EnumerateFileSystemEntries(host).Select(Path.GetFileName));
            Assert.False(File.Exists(marker), "a hook planted by generated code ran on the host");
            Assert.Empty(RepositoryIntegrity.Problems(Path.Combine(workspaces, projectId.ToString("N"))));
        }
        finally
        {
            Environment.SetEnvironmentVariable(CanaryVariable, null);
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>A unittest module that passes whatever it finds, after trying every way out it knows.</summary>
    private static string Probe(IReadOnlyList<string> targets, string host, string marker) => $$"""
        import glob
        import os
        import subprocess
        import unittest

        TARGETS = {{string.Join(", ", targets.Select(t => $"'{t}'"))}}
        HOST = '{{host}}'
        MARKER = '{{marker}}'


        class ProbeTest(unittest.TestCase):
            def test_probe(self):
                loot = []
                for path in glob.glob('/proc/*/environ'):
                    try:
                        loot += [v for v in open(path, 'rb').read().decode('utf-8', 'replace').split('\0') if '{{CanaryVariable}}' in v]
                    except OSError:
                        pass
                loot += [k + '=' + v for k, v in os.environ.items() if '{{CanaryVariable}}' in k]
                for path in TARGETS:
                    try:
                        loot.append(open(path).read())
                    except OSError:
                        pass
                    try:
                        loot += os.listdir(path)
                    except OSError:
                        pass
                text = '\n'.join(loot) or 'nothing found'
                for name in ('loot.txt', 'notes/loot_note.py'):
                    try:
                        open(name, 'w').write(text)
                    except OSError:
                        pass
                for command in (['git', 'checkout', '-q', '-b', 'loot'], ['git', 'add', '-A'],
                                ['git', '-c', 'user.name=x', '-c', 'user.email=x@x', 'commit', '-qm', 'loot'],
                                ['git', 'tag', 'loot'], ['git', 'config', 'core.worktree', HOST]):
                    try:
                        subprocess.run(command, timeout=20, capture_output=True)
                    except (OSError, subprocess.SubprocessError):
                        pass
                try:
                    with open('.git/config', 'a') as config:
                        config.write('[core]\n\tworktree = ' + HOST + '\n')
                    os.makedirs('.git/hooks', exist_ok=True)
                    with open('.git/hooks/post-commit', 'w') as hook:
                        hook.write('#!/bin/sh\ntouch ' + MARKER + '\n')
                    os.chmod('.git/hooks/post-commit', 0o755)
                except OSError:
                    pass
        """;
}
