using System.ClientModel;
using DevBot.ScriptedModels;
using OpenAI;
using OpenAI.Chat;

namespace DevBot.Tests.Gateway;

/// <summary>
/// The scripted server's realistic mode: per-role model time, token counts from the request's size, and a provider's
/// prompt cache reported in OpenAI's usage shape, read here by the official OpenAI client (not our own parser).
/// </summary>
public sealed class ScriptedRealismTests
{
    private static readonly string LongSystem = string.Join('\n', Enumerable.Range(0, 400).Select(i => $"Rule {i}: keep the code small, tested and readable."));

    [Fact]
    public void Latency_MatchesTheRolesP50AndP95_AndRepeatsForTheSameSeed()
    {
        var latency = ScriptedLatency.Realistic(timeFactor: 0.01, seed: 3);
        var architect = Enumerable.Range(0, 4000).Select(_ => latency.Next(ScriptedRoles.Architect).TotalSeconds).Order().ToList();
        var implementer = Enumerable.Range(0, 4000).Select(_ => latency.Next(ScriptedRoles.Implementer).TotalSeconds).Order().ToList();

        // Log-normal fitted to p50 20 s / p95 60 s and p50 6 s / p95 20 s: the sample's percentiles land near them.
        Assert.InRange(architect[2000], 18.0, 22.0);
        Assert.InRange(architect[3800], 52.0, 69.0);
        Assert.InRange(implementer[2000], 5.4, 6.6);
        Assert.InRange(implementer[3800], 17.0, 23.0);
        Assert.Equal(TimeSpan.Zero, latency.Next(ScriptedRoles.Embedding));

        var again = ScriptedLatency.Realistic(0.5, seed: 3);
        var other = ScriptedLatency.Realistic(0.5, seed: 4);
        var first = Enumerable.Range(0, 20).Select(_ => again.Next(ScriptedRoles.Implementer)).ToList();
        var fresh = ScriptedLatency.Realistic(0.5, seed: 3);
        // Interleaving another role's calls does not change a role's sequence.
        var interleaved = Enumerable.Range(0, 20).Select(_ => (fresh.Next(ScriptedRoles.Architect), fresh.Next(ScriptedRoles.Implementer)).Item2).ToList();
        Assert.Equal(first, interleaved);
        Assert.NotEqual(first, Enumerable.Range(0, 20).Select(_ => other.Next(ScriptedRoles.Implementer)).ToList());
        Assert.Equal(TimeSpan.FromMilliseconds(100), again.ToWall(TimeSpan.FromMilliseconds(200)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScriptedLatency(0, (TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)), (TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2))));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScriptedLatency(1, (TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2)), (TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2))));
    }

    [Fact]
    public async Task PromptCache_ASharedPrefix_IsReportedAsCachedTokensInOpenAisUsageShape_AndTotalsAddUp()
    {
        await using var server = await ScriptedModelServer.StartAsync(new RuleScript().When(_ => true, _ => new ScriptedReply("done")),
            latency: new ScriptedLatency(0.01, (TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(60)), (TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(20)), seed: 9),
            promptCache: new ScriptedPromptCache(TimeSpan.FromHours(1)));
        var client = new OpenAIClient(new ApiKeyCredential("sk-test"), new OpenAIClientOptions { Endpoint = server.BaseUrl }).GetChatClient("scripted-implementer");

        var first = await client.CompleteChatAsync(new SystemChatMessage(LongSystem), new UserChatMessage("Item 1.1: add the store. [devbot:task=implementer.item]"));
        var second = await client.CompleteChatAsync(new SystemChatMessage(LongSystem), new UserChatMessage("Item 1.2: add the tests. [devbot:task=implementer.item]"));
        var unrelated = await client.CompleteChatAsync(new SystemChatMessage("Another system prompt entirely. " + LongSystem), new UserChatMessage("[devbot:task=architect.plan]"));

        Assert.Equal(0, first.Value.Usage.InputTokenDetails.CachedTokenCount);
        var cached = second.Value.Usage.InputTokenDetails.CachedTokenCount;
        var systemTokens = LongSystem.Length / 4;
        // Matched in 128-token blocks: everything of the shared system prompt but its last partial block.
        Assert.InRange(cached, systemTokens - 128, systemTokens + 8);
        Assert.Equal(0, cached % 128);
        Assert.Equal(0, unrelated.Value.Usage.InputTokenDetails.CachedTokenCount);
        // Input counts the whole request as a model reads it (text plus message framing), not a constant.
        Assert.InRange(second.Value.Usage.InputTokenCount, systemTokens + 10, systemTokens + 40);

        var implementer = server.TotalsOf(ScriptedRoles.Implementer);
        var exchanges = server.Exchanges.Where(e => e.Role == ScriptedRoles.Implementer).ToList();
        Assert.Equal(2, implementer.Calls);
        Assert.Equal(exchanges.Sum(e => e.InputTokens), implementer.InputTokens);
        Assert.Equal(cached, implementer.CachedInputTokens);
        Assert.Equal(exchanges.Sum(e => e.OutputTokens), implementer.OutputTokens);
        Assert.True(implementer.ModelTime > TimeSpan.Zero);
        Assert.Equal(exchanges.Sum(e => e.ModelTime.Ticks), implementer.ModelTime.Ticks);
        Assert.Equal(1, server.TotalsOf(ScriptedRoles.Architect).Calls);
    }

    [Fact]
    public void PromptCache_ForgetsAPrefixAfterTheWindow_AndCachesNothingBelowTheMinimum()
    {
        var cache = new ScriptedPromptCache(TimeSpan.FromMinutes(5));
        var start = DateTimeOffset.UnixEpoch;
        var prompt = LongSystem + "\nuser\nitem";

        Assert.Equal((0, 0), cache.Observe("gemini-2.5-flash", prompt, [], start));
        Assert.True(cache.Observe("gemini-2.5-flash", prompt, [], start + TimeSpan.FromMinutes(4)).Cached > 1024);
        // Each use refreshes the entry: 4 + 4 minutes after the first is still within 5 of the last use.
        Assert.True(cache.Observe("gemini-2.5-flash", prompt, [], start + TimeSpan.FromMinutes(8)).Cached > 1024);
        Assert.Equal(0, cache.Observe("gemini-2.5-flash", prompt, [], start + TimeSpan.FromMinutes(14)).Cached);
        // Another model has a cache of its own; short prompts are never cached.
        Assert.Equal(0, cache.Observe("gpt-4.1-mini", prompt, [], start + TimeSpan.FromMinutes(14)).Cached);
        Assert.Equal((0, 0), cache.Observe("m", "short", [], start));
        Assert.Equal((0, 0), cache.Observe("m", "short", [], start));
    }

    [Fact]
    public void PromptCache_AnthropicModels_CacheOnlyAtBreakpoints_WritingFirstThenReading()
    {
        var cache = new ScriptedPromptCache();
        var now = DateTimeOffset.UnixEpoch;
        var prompt = LongSystem + "\nuser\nthe item";

        Assert.Equal((0, 0), cache.Observe("anthropic/claude-sonnet-4", prompt, [], now));
        Assert.Equal((0, 0), cache.Observe("anthropic/claude-sonnet-4", prompt, [], now));
        var (cached, written) = cache.Observe("anthropic/claude-sonnet-4", prompt, [LongSystem.Length], now);
        Assert.Equal((0, LongSystem.Length / 4), (cached, written));
        Assert.Equal((LongSystem.Length / 4, 0), cache.Observe("anthropic/claude-sonnet-4", LongSystem + "\nuser\nanother item", [LongSystem.Length], now));
    }
}
