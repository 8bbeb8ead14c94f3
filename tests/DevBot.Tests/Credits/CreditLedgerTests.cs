using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Pricing;
using DevBot.Tests.Infrastructure;

namespace DevBot.Tests.Credits;

[Collection(ClusterCollection.Name)]
public sealed class CreditLedgerTests(ClusterFixture fixture)
{
    private const string Provider = "google";
    private const string Model = "gemini-2.5-pro"; // seeded at 1.25 / 10.00 USD per million tokens

    [Fact]
    public async Task Grant_SameKeyTwice_CreditsOnce()
    {
        var user = TestUsers.NewId();
        var ledger = Ledger(user);

        var first = await ledger.GrantAsync(new CreditGrant("bonus-1", 50m, GrantKind.Manual, "welcome"));
        var second = await ledger.GrantAsync(new CreditGrant("bonus-1", 50m, GrantKind.Manual, "welcome"));

        Assert.Equal(LedgerPostStatus.Posted, first.Status);
        Assert.Equal(LedgerPostStatus.Replayed, second.Status);
        Assert.Equal(first.TransactionId, second.TransactionId);
        Assert.Equal(50m, (await ledger.GetBalanceAsync()).Balance);
        Assert.Equal(1L, await CountAsync("SELECT count(*) FROM credit_transactions WHERE user_id = @u", user));
    }

    [Fact]
    public async Task Purchase_DuplicateChargeId_CreditsOnce()
    {
        var user = TestUsers.NewId();
        var ledger = Ledger(user);
        var purchase = new CreditPurchase("tg-charge-" + user, 500m, 250m, "XTR", "500 credits");

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => ledger.PurchaseAsync(purchase)));

        Assert.Single(results, r => r.Status == LedgerPostStatus.Posted);
        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Equal(500m, (await ledger.GetBalanceAsync()).Balance);
        Assert.Equal(1L, await CountAsync("SELECT count(*) FROM credit_transactions WHERE user_id = @u AND kind = 'purchase'", user));
    }

    [Fact]
    public async Task ReserveThenSettle_ChargesPriceListCostAndReleasesTheRest()
    {
        var user = TestUsers.NewId();
        var ledger = Ledger(user);
        await ledger.GrantAsync(new CreditGrant("g", 100m, GrantKind.Manual, null));
        var project = Guid.NewGuid();

        var reserve = await ledger.ReserveAsync(new ReserveRequest("call-a", 10m, Provider, Model, project));
        Assert.Equal(ReserveStatus.Reserved, reserve.Status);
        Assert.Equal(new CreditBalance(100m, 10m), reserve.Balance);

        var settle = await ledger.SettleAsync(new SettleRequest("call-a", Usage(1000, 500)));

        // 1000 × 1.25/M + 500 × 10/M = 0.00625 USD; / 0.01 × 1.5 = 0.9375 credits
        Assert.Equal(SettleStatus.Settled, settle.Status);
        Assert.Equal(0.00625m, settle.CostUsd);
        Assert.Equal(0.9375m, settle.CreditsCharged);
        Assert.Equal(new CreditBalance(99.0625m, 0m), settle.Balance);

        var usage = (await Sql.RowsAsync(fixture.ConnectionString,
            "SELECT input_tokens, output_tokens, computed_cost_usd, charged_cost_usd, credits_charged, price_version, project_id, task_type FROM api_key_usage WHERE call_id = @c",
            ("c", "call-a"))).Single();
        Assert.Equal([1000, 500, 0.00625m, 0.00625m, 0.9375m, 1, project, "implement_todo"], usage);
        Assert.Equal(-0.9375m, await Sql.ScalarAsync<decimal>(fixture.ConnectionString,
            "SELECT credits_amount FROM credit_transactions WHERE idempotency_key = 'usage:call-a'"));
    }

    [Fact]
    public async Task Settle_Repeated_ChargesOnceAndReturnsFirstResult()
    {
        var user = TestUsers.NewId();
        var ledger = Ledger(user);
        await ledger.GrantAsync(new CreditGrant("g", 100m, GrantKind.Manual, null));
        var callId = "call-" + user;
        await ledger.ReserveAsync(new ReserveRequest(callId, 5m, Provider, Model, null));

        var first = await ledger.SettleAsync(new SettleRequest(callId, Usage(2000, 100)));
        var again = await ledger.SettleAsync(new SettleRequest(callId, Usage(2000, 100)));
        var reserveAgain = await ledger.ReserveAsync(new ReserveRequest(callId, 5m, Provider, Model, null));

        Assert.Equal(SettleStatus.Settled, first.Status);
        Assert.Equal(SettleStatus.Replayed, again.Status);
        Assert.Equal(first.CreditsCharged, again.CreditsCharged);
        Assert.Equal(first.CostUsd, again.CostUsd);
        Assert.Equal(first.UsageId, again.UsageId);
        Assert.Equal(ReserveStatus.AlreadySettled, reserveAgain.Status);
        Assert.Equal(100m - first.CreditsCharged, (await ledger.GetBalanceAsync()).Balance);
        Assert.Equal(1L, await CountAsync("SELECT count(*) FROM api_key_usage WHERE user_id = @u", user));
    }

    [Fact]
    public async Task Reserve_SameCallIdTwice_HoldsOnce()
    {
        var ledger = Ledger(TestUsers.NewId());
        await ledger.GrantAsync(new CreditGrant("g", 30m, GrantKind.Manual, null));

        var first = await ledger.ReserveAsync(new ReserveRequest("dup", 20m, Provider, Model, null));
        var second = await ledger.ReserveAsync(new ReserveRequest("dup", 20m, Provider, Model, null));

        Assert.Equal(ReserveStatus.Reserved, first.Status);
        Assert.Equal(ReserveStatus.Replayed, second.Status);
        Assert.Equal(20m, (await ledger.GetBalanceAsync()).Held);
    }

    [Fact]
    public async Task Reserve_BeyondAvailable_IsRefusedWithShortfallAndWritesNothing()
    {
        var user = TestUsers.NewId();
        var ledger = Ledger(user);
        await ledger.GrantAsync(new CreditGrant("g", 10m, GrantKind.Manual, null));
        await ledger.ReserveAsync(new ReserveRequest("first", 7m, Provider, Model, null));

        var refused = await ledger.ReserveAsync(new ReserveRequest("second", 5m, Provider, Model, null));

        Assert.Equal(ReserveStatus.InsufficientCredits, refused.Status);
        Assert.False(refused.IsHeld);
        Assert.Equal(2m, refused.Shortfall);
        Assert.Equal(new CreditBalance(10m, 7m), refused.Balance);
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM credit_holds WHERE user_id = @u AND call_id = 'second'", user));
    }

    [Fact]
    public async Task Reserve_UnknownModel_IsRefusedBeforeAnyCharge()
    {
        var user = TestUsers.NewId();
        var ledger = Ledger(user);
        await ledger.GrantAsync(new CreditGrant("g", 10m, GrantKind.Manual, null));

        var refused = await ledger.ReserveAsync(new ReserveRequest("unknown", 1m, "openrouter", "nobody/no-such-model", null));

        Assert.Equal(ReserveStatus.UnknownModel, refused.Status);
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM credit_holds WHERE user_id = @u", user));
    }

    [Fact]
    public async Task Void_ReleasesHold_AndVoidSettleOrderIsEnforced()
    {
        var ledger = Ledger(TestUsers.NewId());
        await ledger.GrantAsync(new CreditGrant("g", 10m, GrantKind.Manual, null));
        await ledger.ReserveAsync(new ReserveRequest("v", 4m, Provider, Model, null));
        await ledger.ReserveAsync(new ReserveRequest("s", 4m, Provider, Model, null));
        await ledger.SettleAsync(new SettleRequest("s", Usage(10, 10)));

        var voided = await ledger.VoidAsync("v");
        var voidedAgain = await ledger.VoidAsync("v");
        var settleAfterVoid = await ledger.SettleAsync(new SettleRequest("v", Usage(10, 10)));
        var voidAfterSettle = await ledger.VoidAsync("s");
        var voidUnknown = await ledger.VoidAsync("never-reserved");

        Assert.Equal((VoidStatus.Voided, 4m), (voided.Status, voided.Released));
        Assert.Equal(VoidStatus.Replayed, voidedAgain.Status);
        Assert.Equal(SettleStatus.HoldVoided, settleAfterVoid.Status);
        Assert.Equal(VoidStatus.AlreadySettled, voidAfterSettle.Status);
        Assert.Equal(VoidStatus.HoldNotFound, voidUnknown.Status);
        Assert.Equal(0m, (await ledger.GetBalanceAsync()).Held);
    }

    [Fact]
    public async Task Settle_ProviderReportedCost_ChargesProviderFigureAndRecordsBoth()
    {
        var ledger = Ledger(TestUsers.NewId());
        await ledger.GrantAsync(new CreditGrant("g", 100m, GrantKind.Manual, null));
        await ledger.ReserveAsync(new ReserveRequest("reported", 10m, Provider, Model, null));

        var settle = await ledger.SettleAsync(new SettleRequest("reported", Usage(1000, 500) with { ProviderReportedCostUsd = 0.01m }));

        Assert.Equal(0.01m, settle.CostUsd);
        Assert.Equal(1.5m, settle.CreditsCharged);
        var row = (await Sql.RowsAsync(fixture.ConnectionString,
            "SELECT computed_cost_usd, provider_cost_usd, charged_cost_usd FROM api_key_usage WHERE call_id = 'reported'")).Single();
        Assert.Equal([0.00625m, 0.01m, 0.01m], row);
    }

    [Fact]
    public async Task Settle_UsesPriceVersionOfTheReservation()
    {
        var model = "versioned-" + Guid.NewGuid().ToString("N")[..8];
        var pricing = fixture.GrainFactory.GetGrain<IModelPricingGrain>(IModelPricingGrain.CatalogKey);
        await pricing.SetPriceAsync(new ModelPriceUpdate("test", model, 1m, 2m, 0m, null, "test"));
        var ledger = Ledger(TestUsers.NewId());
        await ledger.GrantAsync(new CreditGrant("g", 100m, GrantKind.Manual, null));
        var reserve = await ledger.ReserveAsync(new ReserveRequest("priced", 10m, "test", model, null));

        await pricing.SetPriceAsync(new ModelPriceUpdate("test", model, 100m, 200m, 0m, null, "test: price rise"));
        var settle = await ledger.SettleAsync(new SettleRequest("priced", new ModelUsage("test", model, "t", 1_000_000, 0, 0, 5, null, null, null)));

        Assert.Equal(1, reserve.PriceVersion);
        Assert.Equal(1m, settle.CostUsd); // the price when the request was reserved, not the later one
        Assert.Equal(1, await Sql.ScalarAsync<int>(fixture.ConnectionString, "SELECT price_version FROM api_key_usage WHERE call_id = 'priced'"));
    }

    [Fact]
    public async Task Settle_CostAboveAvailable_IsCappedSoAvailableNeverGoesNegative()
    {
        var ledger = Ledger(TestUsers.NewId());
        await ledger.GrantAsync(new CreditGrant("g", 1m, GrantKind.Manual, null));
        await ledger.ReserveAsync(new ReserveRequest("big", 0.5m, Provider, Model, null));

        // 1M output tokens at 10 USD/M = 10 USD = 1500 credits, far above the 1 credit the user has.
        var settle = await ledger.SettleAsync(new SettleRequest("big", Usage(0, 1_000_000)));

        Assert.Equal(SettleStatus.SettledPartially, settle.Status);
        Assert.Equal(1m, settle.CreditsCharged);
        Assert.Equal(new CreditBalance(0m, 0m), settle.Balance);
    }

    [Fact]
    public async Task Refund_RemovesPurchasedCreditsOnce_AndRefusesWhatIsSpentOrUnknown()
    {
        var ledger = Ledger(TestUsers.NewId());
        await ledger.PurchaseAsync(new CreditPurchase("charge-r1", 100m, 50m, "XTR", null));
        await ledger.PurchaseAsync(new CreditPurchase("charge-r2", 100m, 50m, "XTR", null));
        await ledger.ReserveAsync(new ReserveRequest("spend", 150m, Provider, Model, null));

        var refundWhileHeld = await ledger.RefundAsync(new CreditRefund("charge-r1", "customer asked"));
        await ledger.VoidAsync("spend");
        var refund = await ledger.RefundAsync(new CreditRefund("charge-r1", "customer asked"));
        var again = await ledger.RefundAsync(new CreditRefund("charge-r1", "customer asked"));
        var unknown = await ledger.RefundAsync(new CreditRefund("no-such-charge", null));

        Assert.Equal(LedgerPostStatus.InsufficientCredits, refundWhileHeld.Status);
        Assert.Equal(LedgerPostStatus.Posted, refund.Status);
        Assert.Equal(-100m, refund.Credits);
        Assert.Equal(LedgerPostStatus.Replayed, again.Status);
        Assert.Equal(LedgerPostStatus.PurchaseNotFound, unknown.Status);
        Assert.Equal(new CreditBalance(100m, 0m), await ledger.GetBalanceAsync());
    }

    [Fact]
    public async Task Adjustment_NegativeBeyondAvailable_IsRefused()
    {
        var ledger = Ledger(TestUsers.NewId());
        await ledger.GrantAsync(new CreditGrant("g", 5m, GrantKind.Manual, null));

        var tooMuch = await ledger.GrantAsync(new CreditGrant("adj-1", -6m, GrantKind.Adjustment, "correction"));
        var fine = await ledger.GrantAsync(new CreditGrant("adj-2", -2m, GrantKind.Adjustment, "correction"));

        Assert.Equal(LedgerPostStatus.InsufficientCredits, tooMuch.Status);
        Assert.Equal(LedgerPostStatus.Posted, fine.Status);
        Assert.Equal(3m, (await ledger.GetBalanceAsync()).Balance);
    }

    [Fact]
    public async Task History_PagesNewestFirst()
    {
        var ledger = Ledger(TestUsers.NewId());
        for (var i = 1; i <= 5; i++)
        {
            await ledger.GrantAsync(new CreditGrant($"h{i}", i, GrantKind.Manual, $"grant {i}"));
        }

        var page1 = await ledger.GetHistoryAsync(3, null);
        var page2 = await ledger.GetHistoryAsync(3, page1.NextBefore);

        Assert.Equal([5m, 4m, 3m], page1.Items.Select(t => t.Credits));
        Assert.Equal([2m, 1m], page2.Items.Select(t => t.Credits));
        Assert.Null(page2.NextBefore);
        Assert.Equal(15m, page1.Items[0].BalanceAfter);
    }

    [Fact]
    public async Task BadInput_IsRefusedWithClearErrors()
    {
        var ledger = Ledger(TestUsers.NewId());
        await ledger.GrantAsync(new CreditGrant("g", 10m, GrantKind.Manual, null));
        await ledger.ReserveAsync(new ReserveRequest("model-a", 1m, Provider, Model, null));

        await Assert.ThrowsAsync<ArgumentException>(() => ledger.ReserveAsync(new ReserveRequest("", 1m, Provider, Model, null)));
        await Assert.ThrowsAsync<ArgumentException>(() => ledger.ReserveAsync(new ReserveRequest("x", -1m, Provider, Model, null)));
        await Assert.ThrowsAsync<ArgumentException>(() => ledger.GrantAsync(new CreditGrant("neg", -1m, GrantKind.Manual, null)));
        await Assert.ThrowsAsync<ArgumentException>(() => ledger.SettleAsync(new SettleRequest("model-a", Usage(-5, 0))));
        var wrongModel = await Assert.ThrowsAsync<ArgumentException>(() =>
            ledger.SettleAsync(new SettleRequest("model-a", Usage(1, 1) with { Model = "gemini-2.5-flash" })));
        Assert.Contains("reserve per model", wrongModel.Message, StringComparison.Ordinal);
        Assert.Equal(new CreditBalance(10m, 1m), await ledger.GetBalanceAsync());
    }

    [Fact]
    public async Task Concurrency_ManyParallelReserveSettleVoid_NeverOverdrawsAndReconciles()
    {
        var users = Enumerable.Range(0, 12).Select(_ => TestUsers.NewId()).ToArray();
        foreach (var user in users)
        {
            await Ledger(user).GrantAsync(new CreditGrant("seed", 20m, GrantKind.Manual, null));
        }

        var refused = 0;
        var operations = users.SelectMany(user => Enumerable.Range(0, 30).Select(async i =>
        {
            var ledger = Ledger(user);
            var callId = $"c-{user}-{i}";
            var reserve = await ledger.ReserveAsync(new ReserveRequest(callId, 1m + (i % 4), Provider, Model, null));
            if (!reserve.IsHeld)
            {
                Interlocked.Increment(ref refused);
                return;
            }

            if (i % 3 == 0)
            {
                await ledger.VoidAsync(callId);
            }
            else
            {
                // ~0.3 to 1.6 credits each; some settle twice, as a retried step would.
                var settle = new SettleRequest(callId, Usage(20_000 + i * 1000, 20_000 + i * 500));
                await ledger.SettleAsync(settle);
                if (i % 5 == 0)
                {
                    await ledger.SettleAsync(settle);
                }
            }
        }));
        await Task.WhenAll(operations);

        var drift = await Sql.ScalarAsync<decimal>(fixture.ConnectionString, """
            SELECT COALESCE(sum(abs(u.credits_balance - COALESCE(t.total, 0))), 0)
            FROM users u LEFT JOIN (SELECT user_id, sum(credits_amount) AS total FROM credit_transactions GROUP BY user_id) t
              ON t.user_id = u.user_id
            WHERE u.user_id = ANY(@users)
            """, ("users", users));
        var open = await Sql.ScalarAsync<long>(fixture.ConnectionString,
            "SELECT count(*) FROM credit_holds WHERE user_id = ANY(@users) AND status = 'open'", ("users", users));
        var negative = await Sql.ScalarAsync<long>(fixture.ConnectionString,
            "SELECT count(*) FROM users WHERE user_id = ANY(@users) AND (credits_balance < 0 OR credits_held <> 0)", ("users", users));
        var doubleCharged = await Sql.ScalarAsync<long>(fixture.ConnectionString,
            "SELECT count(*) FROM (SELECT call_id FROM credit_transactions WHERE user_id = ANY(@users) AND kind = 'usage' GROUP BY call_id HAVING count(*) > 1) d",
            ("users", users));

        Assert.Equal(0m, drift);
        Assert.Equal(0L, open);
        Assert.Equal(0L, negative);
        Assert.Equal(0L, doubleCharged);
        foreach (var user in users)
        {
            var balance = await Ledger(user).GetBalanceAsync();
            Assert.Equal(balance.Balance, await Sql.ScalarAsync<decimal>(fixture.ConnectionString,
                "SELECT sum(credits_amount) FROM credit_transactions WHERE user_id = @u", ("u", user)));
        }
    }

    [Fact]
    public async Task Settle_CachedAndThinkingTokens_ChargedAtTheSeededCachedAndOutputPrices()
    {
        var user = TestUsers.NewId();
        var ledger = Ledger(user);
        await ledger.GrantAsync(new CreditGrant("g", 100m, GrantKind.Manual, null));
        var callId = "cached-" + user;
        await ledger.ReserveAsync(new ReserveRequest(callId, 10m, Provider, Model, null));

        var settle = await ledger.SettleAsync(new SettleRequest(callId,
            Usage(1000, 800) with { CachedInputTokens = 600, ReasoningTokens = 500 }));

        // 400 × 1.25/M + 600 cached × 0.125/M + 800 (answer and thoughts) × 10/M = 0.008575 USD; × 150 = 1.28625 credits
        Assert.Equal((0.008575m, 1.28625m), (settle.CostUsd, settle.CreditsCharged));
        var row = (await Sql.RowsAsync(fixture.ConnectionString,
            "SELECT input_tokens, output_tokens, cached_input_tokens, reasoning_tokens, cache_write_tokens FROM api_key_usage WHERE call_id = @c",
            ("c", callId))).Single();
        Assert.Equal([1000, 800, 600, 500, 0], row);
    }

    [Theory]
    [InlineData(100, 50, 80, 0, 30)]  // cached + cache writes above the input
    [InlineData(100, 50, 0, 60, 0)]   // reasoning above the output
    [InlineData(100, 50, -1, 0, 0)]
    public async Task Settle_PartsLargerThanTheirWholesOrNegative_IsRefused(int input, int output, int cached, int reasoning, int cacheWrite)
    {
        var user = TestUsers.NewId();
        var ledger = Ledger(user);
        await ledger.GrantAsync(new CreditGrant("g", 100m, GrantKind.Manual, null));
        var callId = "parts-" + user;
        await ledger.ReserveAsync(new ReserveRequest(callId, 10m, Provider, Model, null));

        await Assert.ThrowsAsync<ArgumentException>(() => ledger.SettleAsync(new SettleRequest(callId,
            Usage(input, output) with { CachedInputTokens = cached, ReasoningTokens = reasoning, CacheWriteTokens = cacheWrite })));

        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM api_key_usage WHERE user_id = @u", user));
    }

    private ICreditLedgerGrain Ledger(long user) => fixture.GrainFactory.GetGrain<ICreditLedgerGrain>(user);

    private static ModelUsage Usage(int inputTokens, int outputTokens) =>
        new(Provider, Model, "implement_todo", inputTokens, outputTokens, 0, 120, null, null, null);

    private Task<long> CountAsync(string sql, long user) => Sql.ScalarAsync<long>(fixture.ConnectionString, sql, ("u", user));
}
