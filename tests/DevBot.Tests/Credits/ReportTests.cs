using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Reports;
using DevBot.Tests.Infrastructure;
using Orleans.TestingHost;

namespace DevBot.Tests.Credits;

/// <summary>Reports run on a database of their own, so their totals can be checked against every row in it.</summary>
public sealed class ReportTests : IAsyncLifetime
{
    private static readonly ReportPeriod Today = new(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    private TestCluster? _cluster;
    private string _connectionString = string.Empty;
    private readonly long[] _users = [TestUsers.NewId(), TestUsers.NewId(), TestUsers.NewId()];

    public async Task InitializeAsync()
    {
        _connectionString = await TestPostgres.CreateMigratedDatabaseAsync("reports");
        _cluster = await TestClusters.StartAsync(_connectionString);
        var calls = new (int User, string Provider, string Model, int In, int Out, decimal? Reported, int Cached, int Reasoning)[]
        {
            (0, "google", "gemini-2.5-pro", 10_000, 2_000, null, 4_000, 1_200),
            (0, "google", "gemini-2.5-flash", 50_000, 5_000, null, 0, 3_000),
            (1, "google", "gemini-2.5-pro", 20_000, 8_000, null, 0, 0),
            (1, "openrouter", "anthropic/claude-sonnet-4", 3_000, 1_000, 0.0251m, 2_000, 0),
            (2, "openrouter", "openai/gpt-4.1-mini", 100_000, 10_000, null, 0, 0),
        };
        for (var i = 0; i < _users.Length; i++)
        {
            await Ledger(i).PurchaseAsync(new CreditPurchase($"rep-{_users[i]}-a", 1000m, 500m, "XTR", null));
        }

        await Ledger(2).PurchaseAsync(new CreditPurchase($"rep-{_users[2]}-b", 100m, 50m, "XTR", null));
        await Ledger(2).RefundAsync(new CreditRefund($"rep-{_users[2]}-b", "test refund"));
        for (var i = 0; i < calls.Length; i++)
        {
            var c = calls[i];
            var callId = $"report-call-{i}";
            await Ledger(c.User).ReserveAsync(new ReserveRequest(callId, 50m, c.Provider, c.Model, null));
            await Ledger(c.User).SettleAsync(new SettleRequest(callId, new ModelUsage(c.Provider, c.Model, i % 2 == 0 ? "plan" : "implement_todo",
                c.In, c.Out, 0, 100, null, null, c.Reported, c.Cached, c.Reasoning)));
        }
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(ReportGrouping.Provider, 2)]
    [InlineData(ReportGrouping.Model, 4)]
    [InlineData(ReportGrouping.User, 3)]
    [InlineData(ReportGrouping.Day, 1)]
    [InlineData(ReportGrouping.TaskType, 2)]
    [InlineData(ReportGrouping.Project, 1)]
    public async Task Spend_TotalsReconcileWithUsageRows(ReportGrouping by, int groups)
    {
        var report = await Reports.GetSpendAsync(Today, by);

        var rows = (await Sql.RowsAsync(_connectionString,
            "SELECT count(*), sum(input_tokens), sum(output_tokens), sum(charged_cost_usd), sum(credits_charged), sum(cached_input_tokens), sum(reasoning_tokens), sum(cache_write_tokens) FROM api_key_usage")).Single();
        Assert.Equal(groups, report.Rows.Count);
        Assert.Equal(rows[0], report.Total.Requests);
        Assert.Equal(rows[1], report.Total.InputTokens);
        Assert.Equal(rows[2], report.Total.OutputTokens);
        Assert.Equal(rows[3], report.Total.CostUsd);
        Assert.Equal(rows[4], report.Total.CreditsCharged);
        Assert.Equal((rows[5], rows[6], rows[7]), ((object?)report.Total.CachedInputTokens, (object?)report.Total.ReasoningTokens, (object?)report.Total.CacheWriteTokens));
        Assert.Equal(report.Rows.Sum(r => r.CostUsd), report.Total.CostUsd);
        Assert.Equal(report.Total.CreditsCharged * 0.01m, report.Total.BilledUsd);
        // Every user here bought their credits and was given none: all usage was paid for.
        Assert.Equal((0m, 0m), (report.Total.CreditsFree, report.Total.CostOnFreeUsd));
        Assert.Equal(report.Total.CreditsCharged, report.Total.CreditsPaid);
    }

    [Fact]
    public async Task Spend_ByProvider_UsesProviderReportedCostWhereGiven()
    {
        var report = await Reports.GetSpendAsync(Today, ReportGrouping.Provider);

        var openrouter = report.Rows.Single(r => r.Key == "openrouter");
        // Claude call charged at the reported 0.0251 USD; gpt-4.1-mini at 100k × 0.40/M + 10k × 1.60/M = 0.056 USD
        Assert.Equal(0.0811m, openrouter.CostUsd);
        Assert.Equal(2, openrouter.Requests);
    }

    [Fact]
    public async Task Spend_ByModel_ShowsCachedAndReasoningTokens()
    {
        var report = await Reports.GetSpendAsync(Today, ReportGrouping.Model);

        var pro = report.Rows.Single(r => r.Key == "google/gemini-2.5-pro");
        var flash = report.Rows.Single(r => r.Key == "google/gemini-2.5-flash");
        Assert.Equal((30_000L, 10_000L, 4_000L, 1_200L), (pro.InputTokens, pro.OutputTokens, pro.CachedInputTokens, pro.ReasoningTokens));
        Assert.Equal((0L, 3_000L), (flash.CachedInputTokens, flash.ReasoningTokens));
        Assert.Equal((6_000L, 4_200L, 0L), (report.Total.CachedInputTokens, report.Total.ReasoningTokens, report.Total.CacheWriteTokens));
    }

    [Fact]
    public async Task Revenue_CountsPurchasesAndRefunds()
    {
        var report = await Reports.GetRevenueAsync(Today, ReportGrouping.User);

        Assert.Equal(3100m, report.TotalCreditsSold);
        Assert.Equal(100m, report.TotalCreditsRefunded);
        var refunded = report.Rows.Single(r => r.Key == _users[2].ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(("XTR", 2L, 550m, 1L, 50m), (refunded.Currency, refunded.Purchases, refunded.Paid, refunded.Refunds, refunded.PaidRefunded));
        var sold = await Sql.ScalarAsync<decimal>(_connectionString, "SELECT sum(credits_amount) FROM credit_transactions WHERE kind = 'purchase'");
        Assert.Equal(sold, report.TotalCreditsSold);
    }

    [Fact]
    public async Task TopUsers_OrderedByCreditsCharged()
    {
        var top = await Reports.GetTopUsersAsync(Today, 2);

        Assert.Equal(2, top.Count);
        Assert.True(top[0].CreditsCharged >= top[1].CreditsCharged);
        var expected = await Sql.ScalarAsync<long>(_connectionString,
            "SELECT user_id FROM api_key_usage GROUP BY user_id ORDER BY sum(credits_charged) DESC LIMIT 1");
        Assert.Equal(expected, top[0].UserId);
    }

    [Fact]
    public async Task Period_EndingBeforeItStarts_IsRefused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() =>
            Reports.GetSpendAsync(new ReportPeriod(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(-1)), ReportGrouping.Day));
    }

    private IReportGrain Reports => _cluster!.GrainFactory.GetGrain<IReportGrain>(0);

    private ICreditLedgerGrain Ledger(int index) => _cluster!.GrainFactory.GetGrain<ICreditLedgerGrain>(_users[index]);
}
