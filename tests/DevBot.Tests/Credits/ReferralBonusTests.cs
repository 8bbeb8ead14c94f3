using System.Globalization;
using DevBot.AdminConsole;
using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Reports;
using DevBot.GrainInterfaces.Users;
using DevBot.Tests.Infrastructure;
using Orleans.TestingHost;

namespace DevBot.Tests.Credits;

/// <summary>
/// The referral bonus in the ledger: its own transaction kind (<c>referral_bonus</c>), posted once for each side on the
/// invitee's first purchase, never for oneself or a loop; a credit given away, so the reports count it as free credits
/// and never as revenue. Real PostgreSQL, real grains; checked against the stored rows.
/// </summary>
public sealed class ReferralBonusTests : IAsyncLifetime
{
    private const decimal Initial = 200m;
    private const decimal Bonus = 50m;
    private static readonly ReportPeriod Today = new(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    private TestCluster? _cluster;
    private string _connectionString = string.Empty;

    public async Task InitializeAsync()
    {
        _connectionString = await TestPostgres.CreateMigratedDatabaseAsync("referral");
        _cluster = await TestClusters.StartAsync(_connectionString);
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task RewardReferral_FirstPurchase_PostsOneReferralBonusEach_RepeatsAndLaterPurchasesPostNothing()
    {
        var (inviter, invitee) = (TestUsers.NewId(), TestUsers.NewId());
        await User(inviter).StartAsync(Profile("inviter"));
        await User(invitee).StartAsync(Profile("invitee"));
        Assert.Equal(InvitationOutcome.Recorded, await User(invitee).AcceptInvitationAsync(await User(inviter).GetReferralCodeAsync()));

        var first = await User(invitee).RecordPurchaseAsync(Purchase(invitee, "a"));
        var reward = await User(invitee).RewardReferralAsync();
        Assert.Equal(LedgerPostStatus.Posted, first.Result.Status);
        Assert.Equal(new ReferralReward(inviter, Bonus, GrantedNow: true), reward);

        // The payment delivered again: the purchase replays, and so does the bonus.
        var replayed = await User(invitee).RecordPurchaseAsync(Purchase(invitee, "a"));
        Assert.Equal(LedgerPostStatus.Replayed, replayed.Result.Status);
        Assert.Equal(new ReferralReward(inviter, Bonus, GrantedNow: false), await User(invitee).RewardReferralAsync());

        // A crash after the grants but before the referral was marked: the ledger's keys still post nothing twice.
        await Sql.ExecuteAsync(_connectionString, "UPDATE referrals SET rewarded_at = NULL WHERE invitee_id = @i", ("i", invitee));
        Assert.Equal(new ReferralReward(inviter, Bonus, GrantedNow: false), await User(invitee).RewardReferralAsync());

        // A second purchase brings no second bonus.
        Assert.Equal(LedgerPostStatus.Posted, (await User(invitee).RecordPurchaseAsync(Purchase(invitee, "b"))).Result.Status);
        Assert.Equal(new ReferralReward(inviter, Bonus, GrantedNow: false), await User(invitee).RewardReferralAsync());

        foreach (var (user, side) in new[] { (inviter, "inviter"), (invitee, "invitee") })
        {
            var bonuses = await Sql.RowsAsync(_connectionString,
                "SELECT idempotency_key, credits_amount FROM credit_transactions WHERE user_id = @u AND kind = 'referral_bonus'", ("u", user));
            var row = Assert.Single(bonuses);
            Assert.Equal($"referral:{invitee}:{side}", row[0]);
            Assert.Equal(Bonus, row[1]);
            // Nothing about the referral is stored as a plain grant any more: the only grant is the welcome one.
            Assert.Equal(Initial, await Sql.ScalarAsync<decimal>(_connectionString,
                "SELECT COALESCE(sum(credits_amount), 0) FROM credit_transactions WHERE user_id = @u AND kind = 'grant'", ("u", user)));
            await AssertBalanceIsTheSumOfTransactionsAsync(user);
            var history = await Ledger(user).GetHistoryAsync(20, null);
            Assert.Single(history.Items, t => t.Kind == "referral_bonus" && t.Credits == Bonus);
        }

        Assert.Equal(Initial + Bonus, (await Ledger(inviter).GetBalanceAsync()).Balance);
        Assert.Equal(Initial + 100m + 100m + Bonus, (await Ledger(invitee).GetBalanceAsync()).Balance);
        Assert.NotNull(await Sql.ScalarAsync<DateTime?>(_connectionString, "SELECT rewarded_at FROM referrals WHERE invitee_id = @i", ("i", invitee)));

        // The operators' console shows the stored kind.
        var (exit, shown, error) = await RunAdminAsync($"users show {invitee.ToString(CultureInfo.InvariantCulture)}");
        Assert.True(exit == 0, error);
        Assert.Contains("referral_bonus", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RewardReferral_SelfInviteAndLoops_PostNoReferralBonus()
    {
        var (a, b, c) = (TestUsers.NewId(), TestUsers.NewId(), TestUsers.NewId());
        foreach (var user in new[] { a, b, c })
        {
            await User(user).StartAsync(Profile("u" + user.ToString(CultureInfo.InvariantCulture)));
        }

        // Oneself: refused, and a purchase brings no bonus.
        Assert.Equal(InvitationOutcome.OwnCode, await User(a).AcceptInvitationAsync(await User(a).GetReferralCodeAsync()));
        // a invites b, b invites c (a chain, not a loop); then c → a and b → a would close loops: refused.
        Assert.Equal(InvitationOutcome.Recorded, await User(b).AcceptInvitationAsync(await User(a).GetReferralCodeAsync()));
        Assert.Equal(InvitationOutcome.NotEligible, await User(a).AcceptInvitationAsync(await User(b).GetReferralCodeAsync()));
        Assert.Equal(InvitationOutcome.Recorded, await User(c).AcceptInvitationAsync(await User(b).GetReferralCodeAsync()));
        Assert.Equal(InvitationOutcome.NotEligible, await User(a).AcceptInvitationAsync(await User(c).GetReferralCodeAsync()));
        Assert.Equal(InvitationOutcome.NotEligible, await User(b).AcceptInvitationAsync(await User(c).GetReferralCodeAsync()));

        Assert.Equal(LedgerPostStatus.Posted, (await User(a).RecordPurchaseAsync(Purchase(a, "a"))).Result.Status);
        Assert.Null(await User(a).RewardReferralAsync());

        Assert.Equal(0L, await Sql.ScalarAsync<long>(_connectionString,
            "SELECT count(*) FROM credit_transactions WHERE kind = 'referral_bonus' OR idempotency_key LIKE 'referral:%'"));
        foreach (var user in new[] { a, b, c })
        {
            await AssertBalanceIsTheSumOfTransactionsAsync(user);
        }

        // The chain pays as it should: b's first purchase rewards b and a (once each), nobody else.
        await User(b).RecordPurchaseAsync(Purchase(b, "a"));
        Assert.Equal(new ReferralReward(a, Bonus, GrantedNow: true), await User(b).RewardReferralAsync());
        var bonuses = await Sql.RowsAsync(_connectionString, "SELECT user_id FROM credit_transactions WHERE kind = 'referral_bonus' ORDER BY user_id");
        Assert.Equal(new[] { a, b }.Order(), bonuses.Select(r => (long)r[0]!));
    }

    [Fact]
    public async Task Reports_ReferralBonus_IsAFreeCreditNotRevenue()
    {
        var (inviter, invitee) = (TestUsers.NewId(), TestUsers.NewId());
        await User(inviter).StartAsync(Profile("inviter"));
        await User(invitee).StartAsync(Profile("invitee"));
        await User(invitee).AcceptInvitationAsync(await User(inviter).GetReferralCodeAsync());
        await User(invitee).RecordPurchaseAsync(new CreditPurchase($"ref-{invitee}-a", 100m, 80m, "XTR", null));
        Assert.True((await User(invitee).RewardReferralAsync())?.GrantedNow);

        // The invitee's free credits are the welcome grant and the bonus (250); 3 calls of 90 credits each spend 270:
        // 250 free, 20 bought. Were the bonus counted as bought, 70 would be paid.
        var charged = 0m;
        for (var call = 1; call <= 3; call++)
        {
            var callId = $"ref-{invitee}-{call}";
            Assert.Equal(ReserveStatus.Reserved, (await Ledger(invitee).ReserveAsync(new ReserveRequest(callId, 100m, "google", "gemini-2.5-pro", null))).Status);
            var settled = await Ledger(invitee).SettleAsync(new SettleRequest(callId,
                new ModelUsage("google", "gemini-2.5-pro", "implement_todo", 96_000, 48_000, 0, 100, null, null, null)));
            charged += settled.CreditsCharged;
        }

        Assert.Equal(270m, charged);
        var pnl = await Reports.GetProfitAndLossAsync(Today, ReportGrouping.Day);
        Assert.Equal(80m, pnl.Total.StarsNet);
        Assert.Equal(80m * pnl.UsdPerStar, pnl.Total.RevenueUsd);
        Assert.Equal(100m, pnl.Total.CreditsSold);
        Assert.Equal((1L, 0L), (pnl.Total.Purchases, pnl.Total.Refunds));
        Assert.Equal(Initial + Bonus, pnl.Total.CreditsUsedFree);
        Assert.Equal(270m - Initial - Bonus, pnl.Total.CreditsUsedPaid);

        var revenue = await Reports.GetRevenueAsync(Today, ReportGrouping.User);
        var row = Assert.Single(revenue.Rows);
        Assert.Equal((invitee.ToString(CultureInfo.InvariantCulture), 1L, 80m, 100m), (row.Key, row.Purchases, row.Paid, row.CreditsSold));

        var spend = await Reports.GetSpendAsync(Today, ReportGrouping.User);
        var mine = spend.Rows.Single(r => r.Key == invitee.ToString(CultureInfo.InvariantCulture));
        Assert.Equal((Initial + Bonus, 20m), (mine.CreditsFree, mine.CreditsPaid));
        await AssertBalanceIsTheSumOfTransactionsAsync(invitee);
        await AssertBalanceIsTheSumOfTransactionsAsync(inviter);
    }

    private async Task AssertBalanceIsTheSumOfTransactionsAsync(long user)
    {
        var sum = await Sql.ScalarAsync<decimal>(_connectionString, "SELECT COALESCE(sum(credits_amount), 0) FROM credit_transactions WHERE user_id = @u", ("u", user));
        var stored = await Sql.ScalarAsync<decimal>(_connectionString, "SELECT credits_balance FROM users WHERE user_id = @u", ("u", user));
        Assert.Equal(sum, stored);
        Assert.Equal(sum, (await Ledger(user).GetBalanceAsync()).Balance);
    }

    private static UserProfile Profile(string name) => new(name, name, "en", null);

    private static CreditPurchase Purchase(long user, string which) =>
        new($"ref-{user.ToString(CultureInfo.InvariantCulture)}-{which}", 100m, 80m, "XTR", "100 credits for 80 Telegram Stars");

    private async Task<(int Exit, string Out, string Err)> RunAdminAsync(string commandLine)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await AdminCommands.RunAsync(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries), _ => Task.FromResult<IGrainFactory>(_cluster!.GrainFactory),
            new StringReader(string.Empty), output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private IUserGrain User(long user) => _cluster!.GrainFactory.GetGrain<IUserGrain>(user);

    private ICreditLedgerGrain Ledger(long user) => _cluster!.GrainFactory.GetGrain<ICreditLedgerGrain>(user);

    private IReportGrain Reports => _cluster!.GrainFactory.GetGrain<IReportGrain>(0);
}
