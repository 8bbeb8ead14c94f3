using DevBot.Gateway;
using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Pricing;
using DevBot.GrainInterfaces.Reports;
using DevBot.ScriptedModels;
using DevBot.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace DevBot.Tests.Gateway;

/// <summary>
/// The ledger charges what providers bill: the real client against the scripted server answering in each provider's
/// usage shape (<see cref="ProviderUsageShapes"/>), settled into PostgreSQL. Each test prices a model of its own on
/// provider k10, which no other test uses.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class ProviderBillingTests(GatewayFixture fixture)
{
    private const string Provider = "k10";
    private const decimal Million = 1_000_000m;
    private const decimal CreditsPerUsd = 1.5m / 0.01m; // markup / credit value, the fixture's defaults

    [Fact]
    public async Task GeminiThinking_ThoughtsOutsideCompletion_AreBilledAsOutput()
    {
        var model = await PricedModelAsync("gemini-thinking", 1.25m, 10.00m, cachedInput: 0.125m);
        var user = await FundedUserAsync(100m);

        var response = await AskAsync(model, user, ProviderUsageShapes.GeminiThinking);

        // prompt × input price + (answer + thoughts) × output price; completion_tokens alone would bill 198, not 603.
        var cost = 20 * 1.25m / Million + (198 + 405) * 10.00m / Million;
        Assert.Equal(0.006055m, cost);
        var row = await UsageRowAsync(user);
        Assert.Equal([20, 603, 0, 405, 0, cost, null, cost, cost * CreditsPerUsd], row);
        await AssertBalanceAsync(user, 100m - cost * CreditsPerUsd);
        // What Microsoft.Extensions.AI 10.11 makes of it: the answer only, which is why the raw usage object is read.
        Assert.Equal((20L, 198L, 623L, null), (response.Usage!.InputTokenCount, response.Usage.OutputTokenCount, response.Usage.TotalTokenCount, response.Usage.ReasoningTokenCount));
    }

    [Fact]
    public async Task OpenRouter_ReportedCost_WinsAndCachedAndReasoningCountsAreRecorded()
    {
        var model = await PricedModelAsync("claude-like", 3.00m, 15.00m, cachedInput: 0.30m, cacheWrite: 3.75m);
        var user = await FundedUserAsync(100m);

        var response = await AskAsync(model, user, ProviderUsageShapes.OpenRouterWithCost);

        var computed = (10000 - 8000) * 3.00m / Million + 8000 * 0.30m / Million + 700 * 15.00m / Million;
        Assert.Equal(0.0189m, computed);
        var row = await UsageRowAsync(user);
        Assert.Equal([10000, 700, 8000, 500, 0, computed, 0.012345m, 0.012345m, 0.012345m * CreditsPerUsd], row);
        await AssertBalanceAsync(user, 100m - 0.012345m * CreditsPerUsd);
        Assert.Equal(0.012345m * CreditsPerUsd, response.AdditionalProperties![GatewayResponseProperties.CreditsCharged]);
        // Microsoft.Extensions.AI 10.11 maps cached and reasoning counts, but has no place for cost or cache writes.
        Assert.Equal((8000L, 500L), (response.Usage!.CachedInputTokenCount, response.Usage.ReasoningTokenCount));
    }

    [Fact]
    public async Task OpenRouter_WithoutCost_CacheReadsAndWritesArePricedAtTheirOwnPrices()
    {
        var model = await PricedModelAsync("claude-like", 3.00m, 15.00m, cachedInput: 0.30m, cacheWrite: 3.75m);
        var user = await FundedUserAsync(100m);

        await AskAsync(model, user, ProviderUsageShapes.OpenRouterCacheWritesWithoutCost);

        var cost = (10000 - 6000 - 1000) * 3.00m / Million + 6000 * 0.30m / Million + 1000 * 3.75m / Million + 700 * 15.00m / Million;
        Assert.Equal(0.02505m, cost);
        var row = await UsageRowAsync(user);
        Assert.Equal([10000, 700, 6000, 500, 1000, cost, null, cost, cost * CreditsPerUsd], row);
        await AssertBalanceAsync(user, 100m - cost * CreditsPerUsd);
    }

    [Fact]
    public async Task OpenAiReasoning_ReasoningInsideCompletion_IsChargedOnceAndCachedInputAtTheCachedPrice()
    {
        var model = await PricedModelAsync("o-series", 1.10m, 4.40m, cachedInput: 0.275m);
        var user = await FundedUserAsync(100m);

        await AskAsync(model, user, ProviderUsageShapes.OpenAiReasoning);

        var cost = (1200 - 1024) * 1.10m / Million + 1024 * 0.275m / Million + 1500 * 4.40m / Million;
        Assert.Equal(0.0070752m, cost);
        var row = await UsageRowAsync(user);
        Assert.Equal([1200, 1500, 1024, 1280, 0, cost, null, cost, cost * CreditsPerUsd], row);
        await AssertBalanceAsync(user, 100m - cost * CreditsPerUsd);
    }

    [Fact]
    public async Task CachedInput_ModelWithoutCachedPrice_IsPricedAsInput()
    {
        var model = await PricedModelAsync("no-cache-price", 1.0m, 2.0m);
        var user = await FundedUserAsync(100m);

        await AskAsync(model, user, ProviderUsageShapes.OpenAiReasoning);

        var cost = 1200 * 1.0m / Million + 1500 * 2.0m / Million;
        var row = await UsageRowAsync(user);
        Assert.Equal([1200, 1500, 1024, 1280, 0, cost, null, cost, cost * CreditsPerUsd], row);
    }

    [Fact]
    public async Task Reports_SpendByModel_ShowReasoningAndCachedTokens()
    {
        var model = await PricedModelAsync("reported", 1.0m, 2.0m, cachedInput: 0.5m);
        var user = await FundedUserAsync(100m);

        await AskAsync(model, user, ProviderUsageShapes.GeminiThinking);
        await AskAsync(model, user, ProviderUsageShapes.OpenRouterCacheWritesWithoutCost);

        var report = await fixture.Grains.GetGrain<IReportGrain>(0)
            .GetSpendAsync(new ReportPeriod(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1)), ReportGrouping.Model);
        var row = report.Rows.Single(r => r.Key == $"{Provider}/{model}");
        Assert.Equal((2L, 10020L, 1303L, 6000L, 905L, 1000L),
            (row.Requests, row.InputTokens, row.OutputTokens, row.CachedInputTokens, row.ReasoningTokens, row.CacheWriteTokens));
        Assert.True(report.Total.ReasoningTokens >= row.ReasoningTokens && report.Total.CachedInputTokens >= row.CachedInputTokens);
    }

    private async Task<ChatResponse> AskAsync(string model, long user, string usageJson)
    {
        fixture.Reset();
        await fixture.AddKeyAsync(Provider);
        var marker = "[t:" + Guid.NewGuid().ToString("N")[..10] + "]";
        fixture.Script.WhenContains(marker, _ => new ScriptedReply("an answer", UsageJson: usageJson));
        var response = await fixture.Gateway.GetChatClient(new ModelRef(Provider, model))
            .GetResponseAsync([new ChatMessage(ChatRole.User, marker)], new ModelCall(user, null, "bill-" + marker, "test").Apply());
        Assert.Equal("an answer", response.Text);
        return response;
    }

    private async Task<string> PricedModelAsync(string name, decimal input, decimal output, decimal? cachedInput = null, decimal? cacheWrite = null)
    {
        var model = name + "-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Grains.GetGrain<IModelPricingGrain>(IModelPricingGrain.CatalogKey)
            .SetPriceAsync(new ModelPriceUpdate(Provider, model, input, output, 0m, null, "test", cachedInput, cacheWrite));
        return model;
    }

    private async Task<object?[]> UsageRowAsync(long user) =>
        (await Sql.RowsAsync(fixture.ConnectionString, """
            SELECT input_tokens, output_tokens, cached_input_tokens, reasoning_tokens, cache_write_tokens,
                   computed_cost_usd, provider_cost_usd, charged_cost_usd, credits_charged
            FROM api_key_usage WHERE user_id = @u
            """, ("u", user))).Single();

    /// <summary>The grain's balance, the stored balance and the sum of the user's transactions all agree.</summary>
    private async Task AssertBalanceAsync(long user, decimal expected)
    {
        Assert.Equal(new CreditBalance(expected, 0m), await fixture.Grains.GetGrain<ICreditLedgerGrain>(user).GetBalanceAsync());
        Assert.Equal(expected, await Sql.ScalarAsync<decimal>(fixture.ConnectionString,
            "SELECT sum(credits_amount) FROM credit_transactions WHERE user_id = @u", ("u", user)));
    }

    private async Task<long> FundedUserAsync(decimal credits)
    {
        var user = TestUsers.NewId();
        await fixture.Grains.GetGrain<ICreditLedgerGrain>(user).GrantAsync(new CreditGrant("fund", credits, GrantKind.Manual, null));
        return user;
    }
}
