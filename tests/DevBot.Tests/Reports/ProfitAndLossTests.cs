using System.Globalization;
using System.Text.Json;
using DevBot.AdminConsole;
using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Reports;
using DevBot.Tests.Infrastructure;
using Orleans.TestingHost;

namespace DevBot.Tests.Reports;

/// <summary>
/// Margin that means money: revenue comes from purchases only; usage spent from free or granted credits is a cost, not
/// billing. Checked against plain SQL over the same rows and an independent walk of each user's ledger (free first).
/// </summary>
public sealed class ProfitAndLossTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly ReportPeriod Today = new(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    private TestCluster? _cluster;
    private string _connectionString = string.Empty;
    private readonly long _freeOnly = TestUsers.NewId();
    private readonly long _mixed = TestUsers.NewId();
    private readonly long _paidOnly = TestUsers.NewId();
    private int _calls;

    public async Task InitializeAsync()
    {
        _connectionString = await TestPostgres.CreateMigratedDatabaseAsync("pnl");
        _cluster = await TestClusters.StartAsync(_connectionString);

        // Free only: the sign-up grant, spent on two calls. No revenue at all.
        await Ledger(_freeOnly).GrantAsync(new CreditGrant("initial", 200m, GrantKind.Initial, null));
        await CallAsync(_freeOnly, "google", "gemini-2.5-pro", 40_000, 6_000);
        await CallAsync(_freeOnly, "google", "gemini-2.5-flash", 90_000, 9_000);

        // Mixed: 3 free credits, then 1000 bought for 500 Stars; a call larger than the free pool, a 2-credit bonus and a 4-credit referral bonus, more calls.
        await Ledger(_mixed).GrantAsync(new CreditGrant("initial", 3m, GrantKind.Initial, null));
        await Ledger(_mixed).PurchaseAsync(new CreditPurchase($"pnl-{_mixed}-a", 1000m, 500m, "XTR", null));
        await CallAsync(_mixed, "google", "gemini-2.5-pro", 30_000, 8_000);
        await Ledger(_mixed).GrantAsync(new CreditGrant("bonus", 2m, GrantKind.Manual, "support"));
        await Ledger(_mixed).GrantAsync(new CreditGrant("referral", 4m, GrantKind.Referral, null));
        await CallAsync(_mixed, "openrouter", "openai/gpt-4.1-mini", 100_000, 10_000);
        await Ledger(_mixed).GrantAsync(new CreditGrant("fix", -1m, GrantKind.Adjustment, "correction"));
        await CallAsync(_mixed, "google", "gemini-2.5-flash", 20_000, 2_000);

        // Paid only: two purchases, one refunded, then usage.
        await Ledger(_paidOnly).PurchaseAsync(new CreditPurchase($"pnl-{_paidOnly}-a", 100m, 80m, "XTR", null));
        await Ledger(_paidOnly).PurchaseAsync(new CreditPurchase($"pnl-{_paidOnly}-b", 500m, 390m, "XTR", null));
        await Ledger(_paidOnly).RefundAsync(new CreditRefund($"pnl-{_paidOnly}-b", "test refund"));
        await CallAsync(_paidOnly, "openrouter", "anthropic/claude-sonnet-4", 3_000, 1_000, reportedCost: 0.0251m);
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
    public async Task ProfitAndLoss_RevenueAndCost_EqualPlainSqlOverTheSameRows()
    {
        var report = await Reports.GetProfitAndLossAsync(Today, ReportGrouping.Day);

        var stars = await Sql.ScalarAsync<decimal>(_connectionString,
            "SELECT COALESCE(sum(paid_amount) FILTER (WHERE kind = 'purchase'), 0) - COALESCE(sum(paid_amount) FILTER (WHERE kind = 'refund'), 0) FROM credit_transactions WHERE paid_currency = 'XTR'");
        var cost = await Sql.ScalarAsync<decimal>(_connectionString, "SELECT sum(charged_cost_usd) FROM api_key_usage");
        var requests = await Sql.ScalarAsync<long>(_connectionString, "SELECT count(*) FROM api_key_usage");
        Assert.Equal(80m + 500m, stars);
        Assert.Single(report.Rows);
        Assert.Equal(stars, report.Total.StarsNet);
        Assert.Equal(stars * 0.013m, report.Total.RevenueUsd);
        Assert.Equal(cost, report.Total.ModelCostUsd);
        Assert.Equal(requests, report.Total.Requests);
        Assert.Equal(report.Total.RevenueUsd - cost, report.Total.NetUsd);
        Assert.Equal(report.Total.ModelCostUsd, report.Total.CostOnPaidUsd + report.Total.CostOnFreeUsd);
        Assert.Equal((3L, 1L), (report.Total.Purchases, report.Total.Refunds));
        Assert.Equal(1600m, report.Total.CreditsSold);
        Assert.Equal(500m, report.Total.CreditsRefunded);
    }

    [Fact]
    public async Task ProfitAndLoss_SplitsUsage_FreeCreditsFirst_AsAWalkOfEachLedgerDoes()
    {
        var expected = await WalkLedgersAsync();

        var report = await Reports.GetProfitAndLossAsync(Today, ReportGrouping.Month);
        var spendByUser = await Reports.GetSpendAsync(Today, ReportGrouping.User);

        Assert.Equal(expected.Sum(e => e.Value.FreeCredits), report.Total.CreditsUsedFree);
        Assert.Equal(expected.Sum(e => e.Value.PaidCredits), report.Total.CreditsUsedPaid);
        Assert.Equal(Cents(expected.Sum(e => e.Value.FreeCost)), Cents(report.Total.CostOnFreeUsd));
        Assert.InRange(Math.Abs(expected.Sum(e => e.Value.FreeCost) - report.Total.CostOnFreeUsd), 0m, 0.00000001m);
        foreach (var (user, split) in expected)
        {
            var row = spendByUser.Rows.Single(r => r.Key == user.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(split.FreeCredits, row.CreditsFree);
            Assert.Equal(split.PaidCredits, row.CreditsPaid);
        }

        // The cases the walk is there for: every credit of the free-only user was free, none of the paid-only user's,
        // and the mixed user's first call used up the 3 free credits before touching what was bought (then the
        // support grant of 2 and the referral bonus of 4 were free too).
        Assert.Equal(0m, expected[_freeOnly].PaidCredits);
        Assert.Equal(0m, expected[_paidOnly].FreeCredits);
        Assert.True(expected[_mixed].FreeCredits == 9m && expected[_mixed].PaidCredits > 0, $"mixed: {expected[_mixed]}");
    }

    [Fact]
    public async Task ProfitAndLoss_WithoutPurchases_HasNoMargin_AndALoss()
    {
        var before = await Reports.GetProfitAndLossAsync(new ReportPeriod(DateTimeOffset.UtcNow.AddYears(-2), DateTimeOffset.UtcNow.AddYears(-1)), ReportGrouping.Day);
        Assert.Empty(before.Rows);
        Assert.Null(before.Total.MarginPercent);

        // Only the free-only user's rows: nothing was bought, so there is no margin to speak of, only a cost.
        var spend = await Reports.GetSpendAsync(Today, ReportGrouping.User);
        var free = spend.Rows.Single(r => r.Key == _freeOnly.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(free.CostUsd, free.CostOnFreeUsd);
        Assert.Equal(free.CreditsCharged, free.CreditsFree);
        Assert.True(free.CostUsd > 0);
    }

    [Fact]
    public async Task MarginCommand_AgreesWithTheGrainToTheCent_MoneyRightAlignedWithTwoDecimals()
    {
        var report = await Reports.GetProfitAndLossAsync(new ReportPeriod(Today.Since, Today.Until), ReportGrouping.Month);
        var since = Today.Since.ToString("O", CultureInfo.InvariantCulture);
        var until = Today.Until.ToString("O", CultureInfo.InvariantCulture);

        var (exit, table, _) = await RunAsync($"report margin --since {since} --until {until}");
        var (jsonExit, json, _) = await RunAsync($"report margin --since {since} --until {until} --json");

        output.WriteLine(table);
        Assert.Equal((0, 0), (exit, jsonExit));
        var total = JsonDocument.Parse(json).RootElement.GetProperty("total");
        Assert.Equal(report.Total.RevenueUsd, total.GetProperty("revenueUsd").GetDecimal());
        Assert.Equal(report.Total.NetUsd, total.GetProperty("netUsd").GetDecimal());
        Assert.Contains("Profit and loss, " + Today.Since.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), table, StringComparison.Ordinal);
        var lines = table.Split('\n');
        var totalLine = lines.Single(l => l.TrimStart().StartsWith("total", StringComparison.Ordinal));
        Assert.Contains(AdminOutput.Money(report.Total.RevenueUsd), totalLine, StringComparison.Ordinal);
        Assert.Contains(AdminOutput.Money(report.Total.NetUsd), totalLine, StringComparison.Ordinal);
        Assert.Matches(@"^-?[0-9,]+\.[0-9]{2}$", AdminOutput.Money(report.Total.CostOnFreeUsd));

        // Right-aligned: the net column's cells end at the same column in the month row and the total row.
        var monthLine = lines.Single(l => l.TrimStart().StartsWith(Today.Until.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture), StringComparison.Ordinal)
                                          || l.TrimStart().StartsWith(Today.Since.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture), StringComparison.Ordinal));
        var net = AdminOutput.Money(report.Rows[0].NetUsd);
        Assert.Equal(totalLine.IndexOf(AdminOutput.Money(report.Total.NetUsd), StringComparison.Ordinal) + AdminOutput.Money(report.Total.NetUsd).Length,
            monthLine.IndexOf(net, StringComparison.Ordinal) + net.Length);
    }

    /// <summary>Each user's ledger, walked row by row: usage takes free credits while any are left, then bought ones.</summary>
    private async Task<Dictionary<long, Split>> WalkLedgersAsync()
    {
        var rows = await Sql.RowsAsync(_connectionString, """
            SELECT t.user_id, t.kind, t.credits_amount, a.credits_charged, a.charged_cost_usd
            FROM credit_transactions t LEFT JOIN api_key_usage a ON a.usage_id = t.usage_id
            ORDER BY t.user_id, t.transaction_id
            """);
        var result = new Dictionary<long, Split>();
        var freePool = new Dictionary<long, decimal>();
        foreach (var row in rows)
        {
            var user = (long)row[0]!;
            var kind = (string)row[1]!;
            var amount = (decimal)row[2]!;
            var pool = freePool.GetValueOrDefault(user);
            var split = result.GetValueOrDefault(user) ?? new Split(0, 0, 0);
            switch (kind)
            {
                case "grant" or "adjustment" or "referral_bonus":
                    pool = Math.Max(0, pool + amount);
                    break;
                case "usage":
                    var charged = (decimal)row[3]!;
                    var cost = (decimal)row[4]!;
                    var free = Math.Min(charged, pool);
                    pool -= free;
                    var paid = charged - free;
                    var paidCost = charged == 0 ? 0 : Math.Round(cost * paid / charged, 10);
                    split = new Split(split.FreeCredits + free, split.PaidCredits + paid, split.FreeCost + cost - paidCost);
                    break;
            }

            freePool[user] = pool;
            result[user] = split;
        }

        return result;
    }

    private static decimal Cents(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

    private async Task CallAsync(long user, string provider, string model, int input, int output, decimal? reportedCost = null)
    {
        var callId = $"pnl-{user}-{++_calls}";
        var reserved = await Ledger(user).ReserveAsync(new ReserveRequest(callId, 5m, provider, model, null));
        Assert.Equal(ReserveStatus.Reserved, reserved.Status);
        await Ledger(user).SettleAsync(new SettleRequest(callId, new ModelUsage(provider, model, "implement_todo", input, output, 0, 100, null, null, reportedCost)));
    }

    private async Task<(int Exit, string Out, string Err)> RunAsync(string commandLine)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await AdminCommands.RunAsync(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries), _ => Task.FromResult<IGrainFactory>(_cluster!.GrainFactory),
            new StringReader(string.Empty), output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private IReportGrain Reports => _cluster!.GrainFactory.GetGrain<IReportGrain>(0);

    private ICreditLedgerGrain Ledger(long user) => _cluster!.GrainFactory.GetGrain<ICreditLedgerGrain>(user);

    private sealed record Split(decimal FreeCredits, decimal PaidCredits, decimal FreeCost);
}
