using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Users;
using DevBot.Tests.Infrastructure;

namespace DevBot.Tests.Users;

[Collection(ClusterCollection.Name)]
public sealed class UserGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Start_NewUser_GrantsInitialCreditsExactlyOnce()
    {
        var id = TestUsers.NewId();
        var user = fixture.GrainFactory.GetGrain<IUserGrain>(id);

        var first = await user.StartAsync(new UserProfile("ada", "Ada L.", "en", null));
        var second = await user.StartAsync(new UserProfile("ada", "Ada L.", "en", null));

        Assert.True(first.IsNewUser);
        Assert.True(first.InitialCreditsGranted);
        Assert.Equal(200m, first.InitialCredits);
        Assert.False(second.IsNewUser);
        Assert.False(second.InitialCreditsGranted);
        Assert.Equal(200m, second.Summary.Credits.Balance);
        var row = (await Sql.RowsAsync(fixture.ConnectionString,
            "SELECT username, display_name, initial_grant_at IS NOT NULL FROM users WHERE user_id = @u", ("u", id))).Single();
        Assert.Equal(["ada", "Ada L.", true], row);
    }

    [Fact]
    public async Task Start_AfterGrainStateIsLost_StillGrantsOnlyOnce()
    {
        var id = TestUsers.NewId();
        await fixture.GrainFactory.GetGrain<IUserGrain>(id).StartAsync(new UserProfile("bob", null, null, null));

        // Another identity for the same Telegram user (as if the grain's state were gone) must not get a second grant.
        var ledger = fixture.GrainFactory.GetGrain<ICreditLedgerGrain>(id);
        var repeat = await ledger.GrantAsync(new CreditGrant($"initial:{id}", 200m, GrantKind.Initial, "welcome credits"));

        Assert.Equal(LedgerPostStatus.Replayed, repeat.Status);
        Assert.Equal(200m, (await ledger.GetBalanceAsync()).Balance);
    }

    [Fact]
    public async Task Summary_BelowThreshold_FlagsLowBalance()
    {
        var id = TestUsers.NewId();
        var user = fixture.GrainFactory.GetGrain<IUserGrain>(id);
        var start = await user.StartAsync(new UserProfile("low", null, null, null));
        await fixture.GrainFactory.GetGrain<ICreditLedgerGrain>(id).GrantAsync(new CreditGrant("spend", -190m, GrantKind.Adjustment, "test"));

        var summary = await user.GetSummaryAsync();

        Assert.False(start.Summary.LowBalance);
        Assert.True(summary.LowBalance);
        Assert.Equal(10m, summary.Credits.Available);
    }

    [Fact]
    public async Task Messages_BeyondBurst_AreRateLimitedWithRetryAfter()
    {
        var user = fixture.GrainFactory.GetGrain<IUserGrain>(TestUsers.NewId());

        var decisions = new List<RateLimitDecision>();
        for (var i = 0; i < 11; i++)
        {
            decisions.Add(await user.TryConsumeMessageAsync());
        }

        Assert.All(decisions.Take(10), d => Assert.True(d.Allowed));
        Assert.False(decisions[10].Allowed);
        Assert.InRange(decisions[10].RetryAfter, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Projects_OnlyOwnProjectsCanBeActive()
    {
        var owner = fixture.GrainFactory.GetGrain<IUserGrain>(TestUsers.NewId());
        var other = fixture.GrainFactory.GetGrain<IUserGrain>(TestUsers.NewId());
        var project = new UserProject(Guid.NewGuid(), "Todo app", DateTimeOffset.UtcNow);
        await owner.AddProjectAsync(project);
        await owner.AddProjectAsync(project);

        Assert.True(await owner.OwnsProjectAsync(project.ProjectId));
        Assert.False(await other.OwnsProjectAsync(project.ProjectId));
        Assert.False(await other.SetActiveProjectAsync(project.ProjectId));
        Assert.Single(await owner.GetProjectsAsync());
        Assert.Equal(project.ProjectId, (await owner.GetSummaryAsync()).ActiveProjectId);
        Assert.True(await owner.SetActiveProjectAsync(null));
        Assert.Null((await owner.GetSummaryAsync()).ActiveProjectId);
    }
}
