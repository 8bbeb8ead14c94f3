using System.Diagnostics;
using Xunit.Abstractions;

namespace DevBot.Tests.Silo;

/// <summary>
/// `./devbot run` stopped as people stop it: Ctrl-C at the terminal (SIGINT to the whole foreground process group),
/// SIGTERM, an impatient second Ctrl-C, and kill -9. The built silo runs as a process of its own with the console chat
/// and embedded PostgreSQL.
/// </summary>
public sealed class CleanStopTests(ITestOutputHelper output)
{
    /// <summary>The hard limit from the signal to a stopped silo and a stopped PostgreSQL.</summary>
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(3);

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task Signal_ToTheProcessGroup_StopsSiloGracefullyThenPostgresWithinTenSeconds(string signal)
    {
        await using var silo = SiloProcess.Start();
        await silo.WaitUntilHealthyAsync(StartLimit);
        Assert.NotEmpty(silo.PostgresProcesses());

        var clock = Stopwatch.StartNew();
        silo.SignalGroup(signal);
        var exited = await silo.WaitForExitAsync(StopLimit);
        clock.Stop();

        var log = silo.ReadLog();
        Assert.True(exited, $"still running {StopLimit.TotalSeconds:0} s after SIG{signal}\n{silo.Output}\n{log}");
        Assert.Equal(0, silo.ExitCode);
        Assert.Empty(silo.PostgresProcesses());
        Assert.False(File.Exists(Path.Combine(silo.DataDirectory, "cluster", "postmaster.pid")));
        Assert.Contains("Silo shutdown completed (graceful)", log, StringComparison.Ordinal);
        Assert.DoesNotContain("non-graceful", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Error stopping reminder service", log, StringComparison.Ordinal);
        Assert.DoesNotContain("LocalReminderService' failed to stop", log, StringComparison.Ordinal);
        Assert.Contains("Embedded PostgreSQL stopped", log, StringComparison.Ordinal);
        output.WriteLine($"SIG{signal} to silo and PostgreSQL stopped: {clock.Elapsed.TotalSeconds:0.00} s");
    }

    [Fact]
    public async Task SecondInterrupt_WhileStopping_StillStopsPostgres()
    {
        await using var silo = SiloProcess.Start();
        await silo.WaitUntilHealthyAsync(StartLimit);

        silo.SignalGroup("INT");
        await Task.Delay(300);
        if (!silo.HasExited)
        {
            silo.SignalGroup("INT");
        }

        var exited = await silo.WaitForExitAsync(StopLimit);

        Assert.True(exited, $"still running {StopLimit.TotalSeconds:0} s after two SIGINTs\n{silo.Output}\n{silo.ReadLog()}");
        // 0 when the graceful stop had finished before the second signal landed, 130 when the second one cut it short.
        Assert.True(silo.ExitCode is 0 or 130, $"exit code {silo.ExitCode}\n{silo.Output}\n{silo.ReadLog()}");
        // The silo does not wait longer than its patience for PostgreSQL's immediate shutdown, which it has signalled:
        // on a loaded machine the postmaster may still be reaping its children when the silo is gone. It must not stay.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (silo.PostgresProcesses().Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.True(silo.PostgresProcesses().Count == 0, $"PostgreSQL still runs 10 s after the silo exited\n{silo.Output}\n{silo.ReadLog()}");
    }

    [Fact]
    public async Task RepeatedSigterm_AsWrappersForwardIt_StillStopsGracefully()
    {
        // `dotnet run` passes a SIGTERM on to its child: a SIGTERM to the group reaches the silo twice.
        await using var silo = SiloProcess.Start();
        await silo.WaitUntilHealthyAsync(StartLimit);

        silo.SignalGroup("TERM");
        silo.SignalGroup("TERM");
        var exited = await silo.WaitForExitAsync(StopLimit);

        var log = silo.ReadLog();
        Assert.True(exited, log);
        Assert.Equal(0, silo.ExitCode);
        Assert.Contains("Silo shutdown completed (graceful)", log, StringComparison.Ordinal);
        Assert.Empty(silo.PostgresProcesses());
    }

    [Fact]
    public async Task KilledSilo_LeavesPostgresRunning_NextStartStopsItAndRuns()
    {
        string dataDirectory;
        await using (var killed = SiloProcess.Start())
        {
            await killed.WaitUntilHealthyAsync(StartLimit);
            dataDirectory = killed.DataDirectory;

            killed.SignalGroup("KILL");
            Assert.True(await killed.WaitForExitAsync(StopLimit));

            // PostgreSQL runs in a session of its own, so it outlives a silo killed with its whole process group.
            Assert.NotEmpty(killed.PostgresProcesses());

            await using var next = SiloProcess.Start(dataDirectory);
            await next.WaitUntilHealthyAsync(StartLimit);
            Assert.Contains("left running", next.ReadLog(), StringComparison.Ordinal);

            next.SignalGroup("INT");
            Assert.True(await next.WaitForExitAsync(StopLimit), next.ReadLog());
            Assert.Equal(0, next.ExitCode);
            Assert.Empty(next.PostgresProcesses());
        }
    }

    [Fact]
    public async Task SecondSilo_OnTheSameDataFolder_IsRefusedAndTheFirstKeepsItsDatabase()
    {
        await using var first = SiloProcess.Start();
        await first.WaitUntilHealthyAsync(StartLimit);

        await using var second = SiloProcess.Start(first.DataDirectory);
        var refused = await second.WaitForExitAsync(StartLimit);

        Assert.True(refused, second.Output);
        Assert.Equal(3, second.ExitCode);
        Assert.Contains("in use by another DevBot silo", second.Output, StringComparison.Ordinal);
        output.WriteLine(second.Output);
        // The first silo's PostgreSQL was not taken for a leftover and stopped under it.
        await first.WaitUntilHealthyAsync(TimeSpan.FromSeconds(10));
        first.SignalGroup("INT");
        Assert.True(await first.WaitForExitAsync(StopLimit), first.ReadLog());
        Assert.Equal(0, first.ExitCode);
        Assert.Empty(first.PostgresProcesses());
    }

    [Fact]
    public async Task Stop_AfterPostgresWentAway_EndsByTheStopDeadline()
    {
        // Orleans' stop can wait far beyond the host's shutdown timeout for a membership table that is gone; the process
        // gives it the timeout (3 s here) and five seconds more.
        await using var silo = SiloProcess.Start(null, "--Orleans:ShutdownTimeout=00:00:03");
        await silo.WaitUntilHealthyAsync(StartLimit);
        SiloProcess.StopLeftoverPostgres(silo.DataDirectory);
        Assert.Empty(silo.PostgresProcesses());

        var clock = Stopwatch.StartNew();
        silo.SignalGroup("INT");
        var exited = await silo.WaitForExitAsync(TimeSpan.FromSeconds(8 + 10));

        Assert.True(exited, silo.ReadLog());
        output.WriteLine($"stopped after {clock.Elapsed.TotalSeconds:0.00} s with exit code {silo.ExitCode}: {silo.Output}");
        Assert.Contains(silo.ExitCode, new[] { 0, 1 });
        Assert.Empty(silo.PostgresProcesses());
    }
}
