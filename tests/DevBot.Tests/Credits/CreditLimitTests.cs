using DevBot.Bot.Handling;
using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Projects;
using DevBot.Tests.Infrastructure;
using DevBot.Tests.Pipeline;

namespace DevBot.Tests.Credits;

/// <summary>
/// Per-user daily and monthly credit limits, checked when a call reserves like the balance is: what was charged in
/// the UTC day (month) plus what is held plus the new hold may not pass the limit; the user is told which one stopped them.
/// </summary>
public sealed class CreditLimitTests
{
    [Fact]
    public async Task Reserve_BeyondTheDailyOrMonthlyLimit_IsRefused_NamingTheLimit()
    {
        await using var pipeline = await PipelineCluster.StartAsync("limits");
        var user = TestUsers.NewId();
        var ledger = pipeline.Grains.GetGrain<ICreditLedgerGrain>(user);
        await ledger.GrantAsync(new CreditGrant("start", 1000m, GrantKind.Manual, null));
        Assert.Equal(new CreditLimits(null, null), await ledger.GetLimitsAsync());

        await ledger.SetLimitsAsync(new CreditLimits(30m, null));
        var first = await ledger.ReserveAsync(new ReserveRequest("lim-1", 20m, "google", "gemini-2.5-flash", null));
        var second = await ledger.ReserveAsync(new ReserveRequest("lim-2", 15m, "google", "gemini-2.5-flash", null));
        Assert.Equal(ReserveStatus.Reserved, first.Status);
        Assert.Equal(ReserveStatus.LimitReached, second.Status);
        Assert.Equal(new CreditLimitHit("daily", 30m, 20m, new DateTimeOffset(DateTime.UtcNow.Date.AddDays(1), TimeSpan.Zero)), second.Limit);
        Assert.Equal(20m, (await ledger.GetBalanceAsync()).Held);

        // Settled usage counts against the day: the hold becomes what was charged; a hold just above what is left does not fit, one just below does.
        await ledger.SettleAsync(new SettleRequest("lim-1", new ModelUsage("google", "gemini-2.5-flash", "plan", 10_000, 1_000, 0, 10, null, null, null)));
        var charged = await Sql.ScalarAsync<decimal>(pipeline.ConnectionString, "SELECT credits_charged FROM api_key_usage WHERE call_id = 'lim-1'");
        var third = await ledger.ReserveAsync(new ReserveRequest("lim-3", 30m - charged + 0.5m, "google", "gemini-2.5-flash", null));
        var fourth = await ledger.ReserveAsync(new ReserveRequest("lim-4", 30m - charged - 0.5m, "google", "gemini-2.5-flash", null));
        Assert.Equal((ReserveStatus.LimitReached, charged), (third.Status, third.Limit!.Spent));
        Assert.Equal(ReserveStatus.Reserved, fourth.Status);
        await ledger.VoidAsync("lim-4");

        // A monthly limit, with the daily one lifted for this user ("none").
        await ledger.SetLimitsAsync(new CreditLimits(0m, charged + 1m));
        var monthly = await ledger.ReserveAsync(new ReserveRequest("lim-5", 2m, "google", "gemini-2.5-flash", null));
        Assert.Equal("monthly", monthly.Limit?.Period);
        var now = DateTime.UtcNow;
        Assert.Equal(new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1), monthly.Limit!.ResetsAt);
        Assert.Equal(new CreditLimits(0m, charged + 1m), await pipeline.Grains.GetGrain<ICreditLedgerGrain>(user).GetLimitsAsync());
        Assert.Equal(1000m - charged, (await ledger.GetBalanceAsync()).Balance);
    }

    [Fact]
    public async Task Project_StoppedByALimit_PausesAndTellsTheUserWhichLimit()
    {
        await using var pipeline = await PipelineCluster.StartAsync("limitproject");
        var user = TestUsers.NewId();
        var ledger = pipeline.Grains.GetGrain<ICreditLedgerGrain>(user);
        await ledger.GrantAsync(new CreditGrant("start", 1000m, GrantKind.Manual, null));
        await ledger.SetLimitsAsync(new CreditLimits(0.01m, null));

        var projectId = Guid.NewGuid();
        var project = pipeline.Grains.GetGrain<IProjectGrain>(projectId);
        Assert.True((await project.CreateAsync(user, "I want a small tool to keep short notes from the command line.")).Accepted);
        var status = await pipeline.WaitForAsync(projectId, s => s.State == ProjectState.Paused);

        Assert.Equal(PauseReason.NoCredits, status.Pause);
        var paused = (await project.GetEventsAsync(0, 100)).Last(e => e.News is PausedForCredits);
        var news = (PausedForCredits)paused.News;
        Assert.Equal(("daily", 0.01m), (news.Limit?.Period, news.Limit?.Limit));
        var text = ProjectWording.News(paused);
        Assert.Contains("daily credit limit of", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Buy credits", text, StringComparison.Ordinal);
        Assert.Equal(0L, await Sql.ScalarAsync<long>(pipeline.ConnectionString, "SELECT count(*) FROM api_key_usage WHERE user_id = @u", ("u", user)));
    }
}
