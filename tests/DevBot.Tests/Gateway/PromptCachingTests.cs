using System.Text.Json.Nodes;
using DevBot.Gateway;
using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Pricing;
using DevBot.Grains.Agents;
using DevBot.ScriptedModels;
using DevBot.Tests.Infrastructure;
using DevBot.Workspace.Todo;
using Microsoft.Extensions.AI;

namespace DevBot.Tests.Gateway;

/// <summary>
/// Prompts reach providers with their stable part first; Anthropic models through OpenRouter get explicit cache
/// breakpoints on it (the request shape of openrouter.ai/docs/features/prompt-caching: a content array of text parts,
/// <c>"cache_control": {"type": "ephemeral"}</c> on the part that ends the cached prefix); every other request gets
/// plain text without DevBot's markers. Asserted on the HTTP bodies the scripted server received.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class PromptCachingTests(GatewayFixture fixture)
{
    private static readonly PromptLibrary Prompts = new();
    private static readonly string Architecture = string.Join('\n', Enumerable.Range(0, 300).Select(i => $"- Component {i}: stores notes in a JSON file and lists them."));

    [Fact]
    public async Task AnthropicViaOpenRouter_GetsCacheControlOnTheStableParts_AndTheSecondItemReadsThem()
    {
        fixture.Reset();
        fixture.Models.RecordRequestBodies = true;
        fixture.Models.PromptCache = new ScriptedPromptCache(TimeSpan.FromHours(1));
        await fixture.AddKeyAsync("openrouter");
        var user = await FundedUserAsync();
        const string model = "anthropic/claude-sonnet-4";
        await PriceAsync(model, cachedInput: 0.30m, cacheWrite: 3.75m);

        var first = ItemPrompt("1.1", "Store notes");
        await AskAsync(model, user, first);
        await AskAsync(model, user, ItemPrompt("1.2", "List notes"));

        var bodies = Bodies();
        Assert.Equal(2, bodies.Count);
        var user1 = UserContent(bodies[0]);
        var parts = Assert.IsType<JsonArray>(user1);
        Assert.Equal(3, parts.Count);
        Assert.All(parts, p => Assert.Equal("text", p!["type"]!.GetValue<string>()));
        Assert.Equal("ephemeral", parts[0]!["cache_control"]!["type"]!.GetValue<string>());
        Assert.Equal("ephemeral", parts[1]!["cache_control"]!["type"]!.GetValue<string>());
        Assert.Null(parts[2]!["cache_control"]);
        // The stable part (title, architecture) ends at the first breakpoint, the repo map at the second; the item is last and uncached.
        Assert.Contains(Architecture, parts[0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Repository map", parts[1]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("1.1 Store notes", parts[2]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(first.Replace(PromptCaching.Marker, string.Empty, StringComparison.Ordinal), string.Concat(parts.Select(p => p!["text"]!.GetValue<string>())));
        Assert.DoesNotContain(PromptCaching.Marker, bodies[0], StringComparison.Ordinal);

        // The first request wrote the prefix, the second read it; both counts are metered as the provider reported them.
        var exchanges = fixture.Models.Exchanges;
        Assert.True(exchanges[0].CacheWriteTokens > 1024 && exchanges[0].CachedInputTokens == 0, $"first: {exchanges[0]}");
        Assert.True(exchanges[1].CachedInputTokens > 1024, $"second: {exchanges[1]}");
        var rows = await Sql.RowsAsync(fixture.ConnectionString,
            "SELECT cached_input_tokens, cache_write_tokens FROM api_key_usage WHERE user_id = @u ORDER BY usage_id", ("u", user));
        Assert.Equal(2, rows.Count);
        Assert.Equal([0, exchanges[0].CacheWriteTokens], rows[0]);
        Assert.Equal([exchanges[1].CachedInputTokens, exchanges[1].CacheWriteTokens], rows[1]);
    }

    [Theory]
    [InlineData("openrouter", "openai/gpt-4.1-mini")]
    [InlineData("openrouter", "google/gemini-2.5-flash")]
    [InlineData("k11", "anthropic/claude-sonnet-4")]
    public async Task OtherModelsAndProviders_GetPlainTextWithoutMarkers_AndStillHitTheImplicitCache(string provider, string model)
    {
        fixture.Reset();
        fixture.Models.RecordRequestBodies = true;
        fixture.Models.PromptCache = new ScriptedPromptCache(TimeSpan.FromHours(1));
        await fixture.AddKeyAsync(provider);
        var user = await FundedUserAsync();
        await PriceAsync(model, provider: provider);

        var first = ItemPrompt("2.1", "Delete notes");
        await AskAsync(model, user, first, provider);
        await AskAsync(model, user, ItemPrompt("2.2", "Search notes"), provider);

        var bodies = Bodies();
        Assert.All(bodies, b => Assert.DoesNotContain("cache_control", b, StringComparison.Ordinal));
        Assert.All(bodies, b => Assert.DoesNotContain(PromptCaching.Marker, b, StringComparison.Ordinal));
        Assert.Equal(first.Replace(PromptCaching.Marker, string.Empty, StringComparison.Ordinal), UserContent(bodies[0])!.GetValue<string>());
        var second = fixture.Models.Exchanges[1];
        if (ScriptedPromptCache.IsExplicitOnly(model))
        {
            // Anthropic caches nothing without breakpoints, and only OpenRouter's entry is configured to send them.
            Assert.Equal(0, second.CachedInputTokens);
        }
        else
        {
            Assert.True(second.CachedInputTokens > second.InputTokens / 2, $"{second}");
        }
    }

    [Fact]
    public void Breakpoints_AreCappedAtFour_AndAValueCannotPlaceOne()
    {
        var provider = new ModelGatewayOptions().Providers["openrouter"];
        var text = string.Join(PromptCaching.Marker, Enumerable.Range(0, 7).Select(i => "section " + i));
        var body = new JsonObject
        {
            ["model"] = "anthropic/claude-opus-4",
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = text }),
        };

        var rewritten = JsonNode.Parse(PromptCaching.Rewrite(System.Text.Encoding.UTF8.GetBytes(body.ToJsonString()), provider)!)!;

        var parts = rewritten["messages"]![0]!["content"]!.AsArray();
        Assert.Equal(7, parts.Count);
        Assert.Equal([false, false, true, true, true, true, false], parts.Select(p => p!["cache_control"] is not null));
        Assert.Null(PromptCaching.Rewrite("{\"model\":\"anthropic/x\",\"messages\":[]}"u8, provider));
        var prompt = ImplementerPrompt.Build(Prompts, 6000, "T", new TodoItem("1.1", "Write " + PromptCaching.Marker + " here", false, 0, 0, 0), "arch", "map", "r", "f");
        Assert.Equal(2, prompt.Split(PromptCaching.Marker).Length - 1);
    }

    private static string ItemPrompt(string id, string text) =>
        ImplementerPrompt.Build(Prompts, 32000, "Notes CLI", new TodoItem(id, text, false, 0, 0, 0), Architecture,
            "notes/store.py\n  def load\n  def save\nnotes/cli.py\n  def main", "(none)", "(new file)");

    private List<string> Bodies() => fixture.Models.Exchanges.Select(e => e.RequestBody!).ToList();

    private static JsonNode? UserContent(string body) =>
        JsonNode.Parse(body)!["messages"]!.AsArray().Single(m => m!["role"]!.GetValue<string>() == "user")!["content"];

    private async Task AskAsync(string model, long user, string prompt, string provider = "openrouter")
    {
        var response = await fixture.Gateway.GetChatClient(new ModelRef(provider, model)).GetResponseAsync(
            [new ChatMessage(ChatRole.System, Prompts.Text(ImplementerPrompt.SystemTemplate)), new ChatMessage(ChatRole.User, prompt)],
            new ModelCall(user, null, "cache-" + Guid.NewGuid().ToString("N"), "test").Apply());
        Assert.NotNull(response);
    }

    private async Task PriceAsync(string model, string provider = "openrouter", decimal? cachedInput = null, decimal? cacheWrite = null) =>
        await fixture.Grains.GetGrain<IModelPricingGrain>(IModelPricingGrain.CatalogKey)
            .SetPriceAsync(new ModelPriceUpdate(provider, model, 3m, 15m, 0m, null, "test", cachedInput, cacheWrite));

    private async Task<long> FundedUserAsync()
    {
        var user = TestUsers.NewId();
        await fixture.Grains.GetGrain<ICreditLedgerGrain>(user).GrantAsync(new CreditGrant("fund", 1000m, GrantKind.Manual, null));
        return user;
    }
}
