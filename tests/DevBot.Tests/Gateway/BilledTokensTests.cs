using System.Text;
using DevBot.Gateway;
using DevBot.Gateway.Http;
using Microsoft.Extensions.AI;

namespace DevBot.Tests.Gateway;

/// <summary>How each provider's usage object is read and what it bills, without a server: the one normalisation.</summary>
public sealed class BilledTokensTests
{
    [Fact]
    public void Of_GeminiThinking_BillsThoughtsAsOutput()
    {
        var billed = BilledTokens.Of(Usage(ProviderUsageShapes.GeminiThinking));

        Assert.Equal(new BilledTokens(20, 603, 0, 0, 405), billed);
    }

    [Fact]
    public void Of_OpenRouter_ReadsCostCachedAndReasoningInsideTheirWholes()
    {
        var usage = Usage(ProviderUsageShapes.OpenRouterWithCost);

        Assert.Equal(0.012345m, usage.CostUsd);
        Assert.Equal(new BilledTokens(10000, 700, 8000, 0, 500), BilledTokens.Of(usage));
        Assert.Equal(new BilledTokens(10000, 700, 6000, 1000, 500), BilledTokens.Of(Usage(ProviderUsageShapes.OpenRouterCacheWritesWithoutCost)));
    }

    [Fact]
    public void Of_OpenAiReasoning_DoesNotCountReasoningTwice()
    {
        Assert.Equal(new BilledTokens(1200, 1500, 1024, 0, 1280), BilledTokens.Of(Usage(ProviderUsageShapes.OpenAiReasoning)));
    }

    [Fact]
    public void Of_ReasoningLargerThanCompletion_IsAddedToIt()
    {
        // A proxy that reports Gemini's thoughts only as reasoning_tokens (router-for-me/CLIProxyAPI#5733): completion 0.
        var billed = BilledTokens.Of(Usage("""{"prompt_tokens": 21, "completion_tokens": 0, "completion_tokens_details": {"reasoning_tokens": 60}}"""));

        Assert.Equal(new BilledTokens(21, 60, 0, 0, 60), billed);
    }

    [Fact]
    public void Of_TotalBelowPromptPlusCompletion_NeverBillsLessThanTheCompletion()
    {
        Assert.Equal(new BilledTokens(100, 50, 0, 0, 0), BilledTokens.Of(Usage("""{"prompt_tokens": 100, "completion_tokens": 50, "total_tokens": 120}""")));
    }

    [Fact]
    public void Of_CachedCountsLargerThanThePrompt_AreClampedCacheWritesFirst()
    {
        var billed = BilledTokens.Of(Usage("""
            {"prompt_tokens": 100, "completion_tokens": 1, "prompt_tokens_details": {"cached_tokens": 90, "cache_write_tokens": 30}}
            """));

        Assert.Equal(new BilledTokens(100, 1, 70, 30, 0), billed);
    }

    [Theory]
    [InlineData("""{"usage": {"prompt_tokens": "12", "completion_tokens": "3", "cost": "0.5"}}""", 12L, 3L, 0.5)]
    [InlineData("""{"usage": {"prompt_tokens": 12, "completion_tokens": -3, "total_tokens": 20}}""", 12L, null, null)]
    [InlineData("""{"usage": {"prompt_tokens": 12.5, "completion_tokens": 3, "cost": -1}}""", null, 3L, null)]
    [InlineData("""{"usage": {"prompt_tokens": 12, "completion_tokens": 3, "prompt_tokens_details": 7}}""", 12L, 3L, null)]
    public void FromBody_ReadsNumbersTolerantly(string body, long? prompt, long? completion, double? cost)
    {
        var usage = ProviderUsage.FromBody(Encoding.UTF8.GetBytes(body));

        Assert.NotNull(usage);
        Assert.Equal((prompt, completion, cost is null ? null : (decimal?)(decimal)cost.Value), (usage.PromptTokens, usage.CompletionTokens, usage.CostUsd));
        Assert.Null(usage.CachedTokens);
    }

    [Theory]
    [InlineData("<html>not json</html>")]
    [InlineData("""{"usage": "none"}""")]
    [InlineData("""{"choices": []}""")]
    [InlineData("""[{"usage": {"prompt_tokens": 1}}]""")]
    [InlineData("""{"usage": {"prompt_tokens": 1, "compl""")]
    public void FromBody_WithoutAReadableUsageObject_IsNull(string body)
    {
        Assert.Null(ProviderUsage.FromBody(Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void Of_WithoutPromptOrAnyOutputCount_IsNull()
    {
        Assert.Null(BilledTokens.Of(new ProviderUsage(null, 5, 10, null, null, null, null)));
        Assert.Null(BilledTokens.Of(new ProviderUsage(5, null, null, null, null, 3, null)));
        Assert.Null(BilledTokens.Of((UsageDetails?)null));
    }

    [Fact]
    public void Of_UsageDetails_UsesMeaisCachedAndReasoningCounts()
    {
        var billed = BilledTokens.Of(new UsageDetails
        {
            InputTokenCount = 1200, OutputTokenCount = 1500, TotalTokenCount = 2700, CachedInputTokenCount = 1024, ReasoningTokenCount = 1280,
        });

        Assert.Equal(new BilledTokens(1200, 1500, 1024, 0, 1280), billed);
    }

    private static ProviderUsage Usage(string usageJson) =>
        ProviderUsage.FromBody(Encoding.UTF8.GetBytes("{\"usage\": " + usageJson + "}")) ?? throw new InvalidOperationException("no usage");
}
