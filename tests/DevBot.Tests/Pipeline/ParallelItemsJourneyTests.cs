using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Projects;
using DevBot.ScriptedModels;
using DevBot.Tests.Infrastructure;
using Xunit.Abstractions;

namespace DevBot.Tests.Pipeline;

/// <summary>
/// Items the plan says are independent run at once (the toolkit scenario: four per phase, disjoint files), each in a
/// tree of its own, and land as one commit each in plan order; a silo killed while four are in flight (and the review
/// of the phase before them, beside them) loses nothing and bills nothing twice.
/// </summary>
public sealed class ParallelItemsJourneyTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> ProductionTick = new()
    {
        ["Projects:TickPeriod"] = new DevBot.Grains.Projects.ProjectOptions().TickPeriod.ToString(),
    };

    /// <summary>
    /// Counts implementer answers in flight; until <paramref name="width"/> have been at once, each waits (a few
    /// seconds at most) for the others, so that items run one after another cannot pass for parallel ones.
    /// </summary>
    private sealed class InFlight(int width)
    {
        private readonly object _gate = new();
        private int _now;

        public int Max { get; private set; }

        public List<string> Started { get; } = [];

        public void Enter(string task)
        {
            lock (_gate)
            {
                _now++;
                Max = Math.Max(Max, _now);
                Started.Add(task);
                Monitor.PulseAll(_gate);
                var deadline = DateTime.UtcNow.AddSeconds(5);
                while (Max < width && DateTime.UtcNow < deadline)
                {
                    Monitor.Wait(_gate, TimeSpan.FromMilliseconds(100));
                }

                _now--;
            }
        }
    }

    [Fact]
    public async Task IndependentItems_RunFourAtOnce_AndLandAsOneCommitEachInPlanOrder()
    {
        var toolkit = new ToolkitScenario();
        var inFlight = new InFlight(4);
        toolkit.OnTask = task =>
        {
            if (task.StartsWith("implementer.item:", StringComparison.Ordinal))
            {
                inFlight.Enter(task);
            }
        };
        await using var pipeline = await PipelineCluster.StartAsync("parallel", script: _ => toolkit);
        var user = TestUsers.NewId();
        await pipeline.Grains.GetGrain<ICreditLedgerGrain>(user).GrantAsync(new CreditGrant("parallel", 500m, GrantKind.Manual, null));

        var projectId = await pipeline.StartProjectAsync(user);
        var final = await pipeline.WaitForAsync(projectId, s => s.State is ProjectState.Completed or ProjectState.Failed or ProjectState.Paused, TimeSpan.FromMinutes(4));

        var news = (await pipeline.Grains.GetGrain<IProjectGrain>(projectId).GetEventsAsync(0, 500)).Select(e => e.News).ToList();
        Assert.True(final.State == ProjectState.Completed, $"{final.State}: {string.Join(" | ", news.TakeLast(4))}");
        Assert.Equal(4, inFlight.Max);
        var done = news.OfType<ItemDone>().ToList();
        Assert.Equal(ToolkitScenario.ItemIds, done.Select(d => d.ItemId));
        Assert.All(done, d => Assert.Equal((CheckStatus.Passed, 1), (d.Check!.Status, d.Check.Tries)));
        Assert.True(Assert.IsType<Delivered>(news.Last(n => n is Delivered)).TestsPassed);

        // One commit per item, in plan order, each with its own check line; every item's files are in the package.
        var package = await pipeline.Grains.GetGrain<IProjectGrain>(projectId).GetPackageAsync(user);
        var history = await ResilienceTests.GitHistoryAsync(package!.Content);
        var items = history.Where(m => m.StartsWith("TODO ", StringComparison.Ordinal)).Reverse().Select(m => m[5..m.IndexOf(':', StringComparison.Ordinal)]).ToList();
        Assert.Equal(ToolkitScenario.ItemIds, items);
        output.WriteLine($"in flight at most {inFlight.Max}; started {string.Join(' ', inFlight.Started)}");
    }

    [Fact]
    public async Task ASlowItem_DoesNotHoldUpTheNextPhasesItems_WhichStillLandAfterItInPlanOrder()
    {
        var toolkit = new ToolkitScenario();
        using var phase2Started = new ManualResetEventSlim();
        toolkit.OnTask = task =>
        {
            if (task.StartsWith("implementer.item:2.", StringComparison.Ordinal))
            {
                phase2Started.Set();
            }

            // Item 1.1's first answer waits until an item of phase 2 has asked the model: the slots the other items of
            // phase 1 freed are filled at once, not when the slowest of the phase lands.
            if (task == "implementer.item:1.1")
            {
                Assert.True(phase2Started.Wait(TimeSpan.FromSeconds(60)), "phase 2 waited for the slowest item of phase 1");
            }
        };
        await using var pipeline = await PipelineCluster.StartAsync("rolling", script: _ => toolkit);
        var user = TestUsers.NewId();
        await pipeline.Grains.GetGrain<ICreditLedgerGrain>(user).GrantAsync(new CreditGrant("rolling", 500m, GrantKind.Manual, null));

        var projectId = await pipeline.StartProjectAsync(user);
        var final = await pipeline.WaitForAsync(projectId, s => s.State is ProjectState.Completed or ProjectState.Failed or ProjectState.Paused, TimeSpan.FromMinutes(4));

        var news = (await pipeline.Grains.GetGrain<IProjectGrain>(projectId).GetEventsAsync(0, 500)).Select(e => e.News).ToList();
        Assert.True(final.State == ProjectState.Completed, $"{final.State}: {string.Join(" | ", news.TakeLast(4))}");
        Assert.True(phase2Started.IsSet);
        Assert.Equal(ToolkitScenario.ItemIds, news.OfType<ItemDone>().Select(d => d.ItemId));
        var package = await pipeline.Grains.GetGrain<IProjectGrain>(projectId).GetPackageAsync(user);
        var history = await ResilienceTests.GitHistoryAsync(package!.Content);
        var items = history.Where(m => m.StartsWith("TODO ", StringComparison.Ordinal)).Reverse().Select(m => m[5..m.IndexOf(':', StringComparison.Ordinal)]).ToList();
        Assert.Equal(ToolkitScenario.ItemIds, items);
    }

    [Fact]
    public async Task SiloKilledWhileFourItemsAndAReviewBesideAreInFlight_TheNewSiloFinishes_WithNothingDoneOrBilledTwice()
    {
        var toolkit = new ToolkitScenario();
        using var held = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var phase2 = 0;
        var review1 = 0;
        toolkit.OnTask = task =>
        {
            // The first four answers of phase 2 and the first of phase 1's review (which runs beside them) never reach
            // their silo: it dies while all five wait.
            var first = task.StartsWith("implementer.item:2.", StringComparison.Ordinal) ? Interlocked.Increment(ref phase2) <= 4
                : task == "architect.verify:1:1" && Interlocked.Increment(ref review1) == 1;
            if (first)
            {
                if (Volatile.Read(ref phase2) >= 4 && Volatile.Read(ref review1) >= 1)
                {
                    held.Set();
                }

                release.Wait(TimeSpan.FromSeconds(60));
            }
        };
        await using var pipeline = await PipelineCluster.StartAsync("parallelcrash", stepLease: new DevBot.Grains.Projects.ProjectOptions().StepLease,
            extraSettings: ProductionTick, script: _ => toolkit);
        var user = TestUsers.NewId();
        await pipeline.Grains.GetGrain<ICreditLedgerGrain>(user).GrantAsync(new CreditGrant("parallelcrash", 500m, GrantKind.Manual, null));
        try
        {
            var projectId = await pipeline.StartProjectAsync(user);
            Assert.True(held.Wait(TimeSpan.FromMinutes(2)), "four items of phase 2 and phase 1's review never reached the model at once");
            await pipeline.Cluster.KillSiloAsync(pipeline.Cluster.Silos[0]);
            await pipeline.Cluster.StartAdditionalSiloAsync();

            var final = await pipeline.WaitForAsync(projectId, s => s.State is ProjectState.Completed or ProjectState.Failed or ProjectState.Paused,
                TimeSpan.FromMinutes(4));
            Assert.True(final.State == ProjectState.Completed, $"{final.State}: {final.Activity}");
            Assert.True(Volatile.Read(ref phase2) >= 8, "the lost items were asked for again");
            Assert.True(Volatile.Read(ref review1) >= 2, "the lost review was asked for again");

            var package = await pipeline.Grains.GetGrain<IProjectGrain>(projectId).GetPackageAsync(user);
            var history = await ResilienceTests.GitHistoryAsync(package!.Content);
            foreach (var item in ToolkitScenario.ItemIds)
            {
                Assert.Equal(1, history.Count(m => m.StartsWith($"TODO {item}:", StringComparison.Ordinal)));
            }

            Assert.Equal(await Sql.ScalarAsync<long>(pipeline.ConnectionString, "SELECT count(DISTINCT call_id) FROM api_key_usage WHERE project_id = @p", ("p", projectId)),
                await Sql.ScalarAsync<long>(pipeline.ConnectionString, "SELECT count(*) FROM api_key_usage WHERE project_id = @p", ("p", projectId)));
            Assert.Equal(0L, await Sql.ScalarAsync<long>(pipeline.ConnectionString,
                "SELECT count(*) FROM (SELECT call_id FROM credit_transactions WHERE project_id = @p GROUP BY call_id HAVING count(*) > 1) d", ("p", projectId)));
            var balance = await pipeline.Grains.GetGrain<ICreditLedgerGrain>(user).GetBalanceAsync();
            Assert.Equal(balance.Balance, await Sql.ScalarAsync<decimal>(pipeline.ConnectionString,
                "SELECT sum(credits_amount) FROM credit_transactions WHERE user_id = @u", ("u", user)));
        }
        finally
        {
            release.Set();
        }
    }
}
