using DevBot.Bot.Handling;
using Xunit.Abstractions;
using System.IO.Compression;
using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Projects;
using DevBot.Tests.Infrastructure;

namespace DevBot.Tests.Pipeline;

/// <summary>Projects survive dead silos, stop looping, and wait for credits — without paying twice.</summary>
public sealed class ResilienceTests(ITestOutputHelper output)
{
    /// <summary>The production lease: recovery must come from membership declaring the silo dead, not from the lease running out.</summary>
    private static readonly TimeSpan ProductionLease = new DevBot.Grains.Projects.ProjectOptions().StepLease;

    /// <summary>The production tick too, so that what wakes the project is the dead-silo watcher, not a fast test reminder.</summary>
    private static readonly Dictionary<string, string> ProductionTick = new() { ["Projects:TickPeriod"] = new DevBot.Grains.Projects.ProjectOptions().TickPeriod.ToString() };

    [Theory]
    [InlineData("architect.plan")]
    [InlineData("implementer.item:1.2")]
    [InlineData("architect.verify:1:1")]
    public async Task SiloKilledMidStep_ProjectMovesWithinTwoMinutesOfTheNewSilo_AndCompletes(string task)
    {
        await using var pipeline = await PipelineCluster.StartAsync("crash", stepLease: ProductionLease, extraSettings: ProductionTick);
        using var held = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var seen = 0;
        pipeline.Scenario.OnTask = t =>
        {
            // The first answer to this task never reaches its silo: the silo dies while waiting for it.
            if (t == task && Interlocked.Increment(ref seen) == 1)
            {
                held.Set();
                release.Wait(TimeSpan.FromSeconds(60));
            }
        };
        var user = TestUsers.NewId();
        await pipeline.Grains.GetGrain<ICreditLedgerGrain>(user).GrantAsync(new CreditGrant("crash", 500m, GrantKind.Manual, null));
        try
        {
            var projectId = Guid.NewGuid();
            var project = pipeline.Grains.GetGrain<IProjectGrain>(projectId);
            await project.CreateAsync(user, "A small tool to keep notes from the command line.");
            await pipeline.WaitForAsync(projectId, s => s.OpenQuestions.Count > 0);
            await project.AnswerAsync(user, "Command line, search and delete, a JSON file.");
            await pipeline.WaitForAsync(projectId, s => s.State == ProjectState.ConfirmingScope);
            await project.ConfirmScopeAsync(user, true, null);
            if (task != "architect.plan")
            {
                await pipeline.WaitForAsync(projectId, s => s.State == ProjectState.AwaitingStart);
                await project.StartDevelopmentAsync(user);
            }

            Assert.True(held.Wait(TimeSpan.FromSeconds(60)), "the step never reached the model");
            await pipeline.Cluster.KillSiloAsync(pipeline.Cluster.Silos[0]);
            await pipeline.Cluster.StartAdditionalSiloAsync();
            var restarted = System.Diagnostics.Stopwatch.StartNew();
            await Eventually.ReturnsAsync(() => Task.FromResult(Volatile.Read(ref seen)), n => n >= 2, TimeSpan.FromMinutes(2), "the lost step to be dispatched again");
            output.WriteLine($"RESULT recovery task={task} seconds_after_new_silo={restarted.Elapsed.TotalSeconds:0.0} lease_s={ProductionLease.TotalSeconds:0}");

            if (task == "architect.plan")
            {
                await pipeline.WaitForAsync(projectId, s => s.State == ProjectState.AwaitingStart);
                await pipeline.Grains.GetGrain<IProjectGrain>(projectId).StartDevelopmentAsync(user);
            }

            var final = await pipeline.WaitForAsync(projectId, s => s.State is ProjectState.Completed or ProjectState.Failed or ProjectState.Paused,
                TimeSpan.FromSeconds(180));
            Assert.True(final.State == ProjectState.Completed, $"{final.State}: {final.Activity}");

            // No step billed twice: one usage row per call id (and the model asked again only for the lost answer).
            var calls = await Sql.ScalarAsync<long>(pipeline.ConnectionString, "SELECT count(*) FROM api_key_usage WHERE project_id = @p", ("p", projectId));
            var distinct = await Sql.ScalarAsync<long>(pipeline.ConnectionString, "SELECT count(DISTINCT call_id) FROM api_key_usage WHERE project_id = @p", ("p", projectId));
            Assert.Equal(distinct, calls);
            Assert.Equal(0L, await Sql.ScalarAsync<long>(pipeline.ConnectionString,
                "SELECT count(*) FROM (SELECT call_id FROM credit_transactions WHERE project_id = @p GROUP BY call_id HAVING count(*) > 1) d", ("p", projectId)));

            // No TODO item done twice: each item has exactly one commit.
            var package = await pipeline.Grains.GetGrain<IProjectGrain>(projectId).GetPackageAsync(user);
            var history = await GitHistoryAsync(package!.Content);
            foreach (var item in DevBot.ScriptedModels.SampleProjectScenario.ItemIds)
            {
                Assert.Equal(1, history.Count(m => m.StartsWith($"TODO {item}:", StringComparison.Ordinal)));
            }
        }
        finally
        {
            release.Set();
        }

        Assert.Equal(0L, await Sql.ScalarAsync<long>(pipeline.ConnectionString,
            "SELECT count(*) FROM credit_holds WHERE user_id = @u AND status = 'open' AND expires_at < now() + interval '1 minute'", ("u", user)));
    }

    [Fact]
    public async Task SiloKilledWhileTheTestsRunInTheSandbox_TheNewSiloRunsThemAgain_AndTheProjectCompletes()
    {
        await using var pipeline = await PipelineCluster.StartAsync("sandboxcrash", stepLease: ProductionLease, extraSettings: ProductionTick);
        // A test that takes a while and can be seen from the host: its sleeping process carries a token in its command line.
        var token = "devbot-slow-test-" + Guid.NewGuid().ToString("N")[..12];
        pipeline.Scenario.ExtraFiles["1.3"] = new Dictionary<string, string>
        {
            ["tests/test_slow.py"] = $"import subprocess\nimport sys\nimport unittest\n\n\nclass SlowTest(unittest.TestCase):\n"
                + $"    def test_slow(self):\n        subprocess.run([sys.executable, '-c', 'import time; time.sleep(12)', '{token}'], check=True)\n",
        };
        var user = TestUsers.NewId();
        await pipeline.Grains.GetGrain<ICreditLedgerGrain>(user).GrantAsync(new CreditGrant("sandboxcrash", 500m, GrantKind.Manual, null));

        var projectId = await pipeline.StartProjectAsync(user);
        await Eventually.ReturnsAsync(() => SandboxedProcessesAsync(token), n => n > 0, TimeSpan.FromMinutes(3), "the tests to run in the sandbox");
        await pipeline.Cluster.KillSiloAsync(pipeline.Cluster.Silos[0]);
        await pipeline.Cluster.StartAdditionalSiloAsync();
        var restarted = System.Diagnostics.Stopwatch.StartNew();
        // The first run (its silo gone) ends by itself; a second one starts on the new silo.
        await Eventually.ReturnsAsync(() => SandboxedProcessesAsync(token), n => n == 0, TimeSpan.FromMinutes(1), "the orphaned run to end");
        await Eventually.ReturnsAsync(() => SandboxedProcessesAsync(token), n => n > 0, TimeSpan.FromMinutes(2), "the tests to run again on the new silo");
        output.WriteLine($"RESULT recovery task=sandboxed-tests seconds_after_new_silo={restarted.Elapsed.TotalSeconds:0.0} lease_s={ProductionLease.TotalSeconds:0}");

        var final = await pipeline.WaitForAsync(projectId, s => s.State is ProjectState.Completed or ProjectState.Failed or ProjectState.Paused, TimeSpan.FromMinutes(3));
        Assert.True(final.State == ProjectState.Completed, $"{final.State}: {final.Activity}");
        var events = await pipeline.Grains.GetGrain<IProjectGrain>(projectId).GetEventsAsync(0, 500);
        Assert.Contains(events, e => e.News is TestsPassed);
        Assert.Equal(1, events.Count(e => e.Kind == ProjectEventKind.Delivered));
        var balance = await pipeline.Grains.GetGrain<ICreditLedgerGrain>(user).GetBalanceAsync();
        Assert.Equal(balance.Balance, await Sql.ScalarAsync<decimal>(pipeline.ConnectionString,
            "SELECT sum(credits_amount) FROM credit_transactions WHERE user_id = @u", ("u", user)));
        Assert.Equal(await Sql.ScalarAsync<long>(pipeline.ConnectionString, "SELECT count(DISTINCT call_id) FROM api_key_usage WHERE project_id = @p", ("p", projectId)),
            await Sql.ScalarAsync<long>(pipeline.ConnectionString, "SELECT count(*) FROM api_key_usage WHERE project_id = @p", ("p", projectId)));
    }

    [Fact]
    public async Task StepLostAgainAndAgain_PausesWithAQuestion_InsteadOfLooping()
    {
        await using var pipeline = await PipelineCluster.StartAsync("lostloop", stepLease: TimeSpan.FromSeconds(2),
            extraSettings: new Dictionary<string, string> { ["Projects:MaxStepDispatches"] = "3" });
        // The Architect never answers the plan in time: every dispatch of the step is lost.
        using var never = new ManualResetEventSlim();
        pipeline.Scenario.OnTask = t =>
        {
            if (t == "architect.plan")
            {
                never.Wait(TimeSpan.FromSeconds(30));
            }
        };
        var user = TestUsers.NewId();
        await pipeline.Grains.GetGrain<ICreditLedgerGrain>(user).GrantAsync(new CreditGrant("lostloop", 500m, GrantKind.Manual, null));
        var projectId = Guid.NewGuid();
        var project = pipeline.Grains.GetGrain<IProjectGrain>(projectId);
        await project.CreateAsync(user, "A small tool to keep notes from the command line.");
        await pipeline.WaitForAsync(projectId, s => s.OpenQuestions.Count > 0);
        await project.AnswerAsync(user, "Command line, search and delete, a JSON file.");
        await pipeline.WaitForAsync(projectId, s => s.State == ProjectState.ConfirmingScope);
        await project.ConfirmScopeAsync(user, true, null);

        var paused = await pipeline.WaitForAsync(projectId, s => s.State is ProjectState.Paused or ProjectState.AwaitingStart or ProjectState.Failed, TimeSpan.FromSeconds(60));
        never.Set();

        Assert.Equal((ProjectState.Paused, PauseReason.NeedsDecision), (paused.State, paused.Pause));
        var question = (await project.GetEventsAsync(0, 500)).Last();
        var lost = Assert.IsType<PausedStepLost>(question.News);
        Assert.Equal((StepKind.Plan, 3), (lost.Step, lost.Times));
        Assert.Contains("was interrupted 3 times", ProjectWording.News(question), StringComparison.Ordinal);
        Assert.Equal([ResumeChoice.Retry, ResumeChoice.Stop], lost.Choices);
    }

    [Fact]
    public async Task RepositoryThatCannotBeRestored_PausesWithAQuestion_InsteadOfRetryingForEver()
    {
        await using var pipeline = await PipelineCluster.StartAsync("brokenrepo");
        using var release = pipeline.HoldImplementer();
        var user = TestUsers.NewId();
        await pipeline.Grains.GetGrain<ICreditLedgerGrain>(user).GrantAsync(new CreditGrant("brokenrepo", 500m, GrantKind.Manual, null));
        var projectId = await pipeline.StartProjectAsync(user);
        await pipeline.WaitForAsync(projectId, s => s.State == ProjectState.Implementing);

        // The stored history goes bad and this silo's copy is gone: nothing can open the repository any more.
        await Sql.ExecuteAsync(pipeline.ConnectionString, "UPDATE project_files SET content = 'garbage'::bytea WHERE project_id = @p AND kind = 'repository_bundle'", ("p", projectId));
        var root = Directory.EnumerateDirectories(Path.Combine(Path.GetTempPath(), "devbot-test-workspaces"))
            .Single(d => Directory.Exists(Path.Combine(d, projectId.ToString("N"))));
        Directory.Delete(Path.Combine(root, projectId.ToString("N")), recursive: true);
        release.Set();

        var paused = await pipeline.WaitForAsync(projectId, s => s.State is ProjectState.Paused or ProjectState.Failed or ProjectState.Completed, TimeSpan.FromSeconds(90));

        Assert.Equal((ProjectState.Paused, PauseReason.NeedsDecision), (paused.State, paused.Pause));
        var spent = paused.CreditsUsed;
        await Task.Delay(TimeSpan.FromSeconds(3));
        var later = await pipeline.Grains.GetGrain<IProjectGrain>(projectId).GetStatusAsync();
        Assert.Equal((ProjectState.Paused, spent), (later.State, later.CreditsUsed));
        // The item's step cannot open the repository, so it fails each attempt; after the allowed attempts the user decides.
        var question = (await pipeline.Grains.GetGrain<IProjectGrain>(projectId).GetEventsAsync(0, 500)).Last();
        var failing = Assert.IsType<PausedItemFailing>(question.News);
        Assert.Contains("checksum", failing.Detail, StringComparison.Ordinal);
        Assert.Equal([ResumeChoice.Retry, ResumeChoice.Skip, ResumeChoice.Stop], failing.Choices);
    }

    private static async Task<int> SandboxedProcessesAsync(string token)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("pgrep", ["-f", "-c", token]) { RedirectStandardOutput = true })!;
        var count = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return int.Parse(count.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task ItemThatNeverSucceeds_PausesWithAQuestionAndBoundedSpend()
    {
        await using var pipeline = await PipelineCluster.StartAsync("loop");
        pipeline.Scenario.BrokenItems.Add("1.2");
        var user = TestUsers.NewId();
        await pipeline.Grains.GetGrain<ICreditLedgerGrain>(user).GrantAsync(new CreditGrant("loop", 500m, GrantKind.Manual, null));

        var projectId = await pipeline.StartProjectAsync(user);
        var paused = await pipeline.WaitForAsync(projectId, s => s.State is ProjectState.Paused or ProjectState.Completed or ProjectState.Failed);

        Assert.Equal((ProjectState.Paused, PauseReason.NeedsDecision), (paused.State, paused.Pause));
        var project = pipeline.Grains.GetGrain<IProjectGrain>(projectId);
        var question = (await project.GetEventsAsync(0, 500)).Last();
        Assert.Equal(ProjectEventKind.Paused, question.Kind);
        var failing = Assert.IsType<PausedItemFailing>(question.News);
        Assert.Equal("1.2", failing.ItemId);
        Assert.Contains("1.2 keeps failing", ProjectWording.News(question), StringComparison.Ordinal);
        Assert.Equal([ResumeChoice.Retry, ResumeChoice.Skip, ResumeChoice.Stop], failing.Choices);
        // Two attempts of three edit tries each: the spend stops there.
        var implementerCalls = await Sql.ScalarAsync<long>(pipeline.ConnectionString,
            "SELECT count(*) FROM api_key_usage WHERE project_id = @p AND task_type = 'implement_todo'", ("p", projectId));
        Assert.Equal(1 + 2 * 3, implementerCalls);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(paused.CreditsUsed, (await project.GetStatusAsync()).CreditsUsed);

        var stopped = await project.ResumeAsync(user, ResumeDecision.Stop);
        Assert.True(stopped.Accepted, ProjectWording.Reply(stopped));
        var cancelled = await pipeline.WaitForAsync(projectId, s => s.State == ProjectState.Cancelled);
        Assert.NotNull(cancelled.PackageFileName);
        Assert.True((await project.GetPackageAsync(user))!.Partial);
    }

    [Fact]
    public async Task CreditsRunningOut_PauseTheProject_AndAGrantResumesIt()
    {
        await using var pipeline = await PipelineCluster.StartAsync("credits");
        var user = TestUsers.NewId();
        var ledger = pipeline.Grains.GetGrain<ICreditLedgerGrain>(user);
        await ledger.GrantAsync(new CreditGrant("small", 14m, GrantKind.Manual, null));

        var projectId = await pipeline.StartProjectAsync(user);
        var paused = await pipeline.WaitForAsync(projectId, s => s.State is ProjectState.Paused or ProjectState.Completed or ProjectState.Failed);
        Assert.Equal((ProjectState.Paused, PauseReason.NoCredits), (paused.State, paused.Pause));
        var project = pipeline.Grains.GetGrain<IProjectGrain>(projectId);
        var early = await project.ResumeAsync(user, ResumeDecision.Retry);
        Assert.False(early.Accepted);
        Assert.Equal(ReplyKind.NeedsCredits, early.Reply.Kind);
        Assert.Contains("buy credits first", ProjectWording.Reply(early), StringComparison.Ordinal);
        Assert.Equal(ProjectState.Paused, (await project.GetStatusAsync()).State);

        await ledger.PurchaseAsync(new CreditPurchase("charge-" + user, 500m, 250m, "XTR", null));
        var resumed = await project.ResumeAsync(user, ResumeDecision.Retry);
        Assert.True(resumed.Accepted, ProjectWording.Reply(resumed));
        var final = await pipeline.WaitForAsync(projectId, s => s.State is ProjectState.Completed or ProjectState.Failed or ProjectState.Paused);

        Assert.Equal(ProjectState.Completed, final.State);
        var balance = await ledger.GetBalanceAsync();
        Assert.Equal(0m, balance.Held);
        Assert.Equal(balance.Balance, await Sql.ScalarAsync<decimal>(pipeline.ConnectionString,
            "SELECT sum(credits_amount) FROM credit_transactions WHERE user_id = @u", ("u", user)));
    }

    internal static async Task<List<string>> GitHistoryAsync(byte[] zip)
    {
        var folder = Path.Combine(Path.GetTempPath(), "devbot-history-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            Directory.CreateDirectory(folder);
            using (var archive = new ZipArchive(new MemoryStream(zip)))
            {
                var bundle = archive.Entries.Single(e => e.FullName.EndsWith(".bundle", StringComparison.Ordinal));
                bundle.ExtractToFile(Path.Combine(folder, "h.bundle"));
            }

            await DevBot.Workspace.Git.GitCli.RunCheckedAsync(folder, ["clone", "--quiet", "h.bundle", "clone"]);
            var (_, log) = await DevBot.Workspace.Git.GitCli.RunAsync(Path.Combine(folder, "clone"), ["log", "--format=%s"]);
            return log.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
