using DevBot.GrainInterfaces.Pricing;
using DevBot.Tests.Infrastructure;

namespace DevBot.Tests.Credits;

[Collection(ClusterCollection.Name)]
public sealed class ModelPricingTests(ClusterFixture fixture)
{
    private IModelPricingGrain Pricing => fixture.GrainFactory.GetGrain<IModelPricingGrain>(IModelPricingGrain.CatalogKey);

    [Fact]
    public async Task Seed_HasDefaultModelsWithCitedSources()
    {
        var pro = await Pricing.GetPriceAsync("google", "gemini-2.5-pro");
        var all = await Pricing.ListAsync();

        Assert.NotNull(pro);
        Assert.Equal((1.25m, 10.00m, 1), (pro.InputUsdPerMillionTokens, pro.OutputUsdPerMillionTokens, pro.Version));
        Assert.All(all, p => Assert.False(string.IsNullOrWhiteSpace(p.Source)));
        Assert.Contains(all, p => p.Provider == "openrouter");
        Assert.Contains(all, p => p.Provider == "scripted");
    }

    [Fact]
    public async Task Seed_CachedInputPrices_AreInTheSeedVersionWithTheirSource()
    {
        var pro = await Pricing.GetPriceAsync("google", "gemini-2.5-pro");
        var claude = await Pricing.GetPriceAsync("openrouter", "anthropic/claude-sonnet-4");
        var embedding = await Pricing.GetPriceAsync("google", "gemini-embedding-001");

        Assert.Equal((0.125m, (decimal?)null, 1), (pro!.CachedInputUsdPerMillionTokens, pro.CacheWriteUsdPerMillionTokens, pro.Version));
        Assert.Contains("cached input: ai.google.dev/gemini-api/docs/pricing", pro.Source, StringComparison.Ordinal);
        Assert.Equal((0.30m, 3.75m), (claude!.CachedInputUsdPerMillionTokens, claude.CacheWriteUsdPerMillionTokens));
        Assert.Null(embedding!.CachedInputUsdPerMillionTokens);
    }

    [Fact]
    public async Task SetPrice_CachedPriceChange_MakesNewVersion()
    {
        var model = "c-" + Guid.NewGuid().ToString("N")[..8];

        var v1 = await Pricing.SetPriceAsync(new ModelPriceUpdate("test", model, 1m, 2m, 0m, null, "test", 0.1m));
        var same = await Pricing.SetPriceAsync(new ModelPriceUpdate("test", model, 1m, 2m, 0m, null, "test", 0.1m));
        var v2 = await Pricing.SetPriceAsync(new ModelPriceUpdate("test", model, 1m, 2m, 0m, null, "test", 0.1m, 1.25m));

        Assert.Equal([1, 1, 2], new[] { v1.Version, same.Version, v2.Version });
        Assert.Equal((0.1m, (decimal?)null), ((await Pricing.GetPriceVersionAsync("test", model, 1))!.CachedInputUsdPerMillionTokens, v1.CacheWriteUsdPerMillionTokens));
        Assert.Equal(1.25m, (await Pricing.GetPriceAsync("test", model))!.CacheWriteUsdPerMillionTokens);
        await Assert.ThrowsAsync<ArgumentException>(() => Pricing.SetPriceAsync(new ModelPriceUpdate("test", model, 1m, 2m, 0m, null, "test", -0.1m)));
    }

    [Fact]
    public async Task SyncFromOpenRouter_ReadsCacheReadAndWritePrices()
    {
        var cached = "vendor/cached-" + Guid.NewGuid().ToString("N")[..8];
        var plain = "vendor/plain-" + Guid.NewGuid().ToString("N")[..8];
        var broken = "vendor/broken-" + Guid.NewGuid().ToString("N")[..8];
        // The pricing fields of https://openrouter.ai/docs/api-reference/list-available-models: USD per token, as strings.
        var json = System.Text.Json.JsonSerializer.Serialize(new
        {
            data = new object[]
            {
                new { id = cached, context_length = 200000, pricing = new { prompt = "0.000003", completion = "0.000015", image = "0", input_cache_read = "0.0000003", input_cache_write = "0.00000375" } },
                new { id = plain, context_length = 8192, pricing = new { prompt = "0.0000001", completion = "0.0000004" } },
                new { id = broken, context_length = 8192, pricing = new { prompt = "0.0000001", completion = "0.0000004", input_cache_read = "cheap" } },
            },
        });

        var result = await Pricing.SyncFromOpenRouterAsync(json, addNew: true);

        Assert.Equal(2, result.Added);
        Assert.Single(result.Rejected, r => r.StartsWith(broken, StringComparison.Ordinal));
        var price = await Pricing.GetPriceAsync("openrouter", cached);
        Assert.Equal((3m, 15m, 0.3m, 3.75m), (price!.InputUsdPerMillionTokens, price.OutputUsdPerMillionTokens, price.CachedInputUsdPerMillionTokens, price.CacheWriteUsdPerMillionTokens));
        var withoutCache = await Pricing.GetPriceAsync("openrouter", plain);
        Assert.Equal(((decimal?)null, (decimal?)null), (withoutCache!.CachedInputUsdPerMillionTokens, withoutCache.CacheWriteUsdPerMillionTokens));
        Assert.Null(await Pricing.GetPriceAsync("openrouter", broken));
    }

    [Fact]
    public async Task SyncFromOpenRouter_ReadsWhichModelsTakeAJsonSchema_WithoutANewPriceVersion()
    {
        // The shape of an entry of openrouter.ai/api/v1/models (openrouter.ai/docs/api-reference/list-available-models):
        // supported_parameters lists "structured_outputs" for models that take a json_schema response_format.
        var withSchema = "vendor/s-" + Guid.NewGuid().ToString("N")[..8];
        var jsonOnly = "vendor/j-" + Guid.NewGuid().ToString("N")[..8];
        var json = $$"""
            {"data": [
              {"id": "{{withSchema}}", "context_length": 128000, "pricing": {"prompt": "0.000001", "completion": "0.000002"},
               "supported_parameters": ["max_tokens", "temperature", "tools", "response_format", "structured_outputs"]},
              {"id": "{{jsonOnly}}", "context_length": 32000, "pricing": {"prompt": "0.000001", "completion": "0.000002"},
               "supported_parameters": ["max_tokens", "response_format"]}
            ]}
            """;

        await Pricing.SyncFromOpenRouterAsync(json, addNew: true);
        await Pricing.SyncFromOpenRouterAsync(json.Replace("\"response_format\"]}", "\"response_format\", \"seed\"]}", StringComparison.Ordinal), addNew: true);

        Assert.True(await Pricing.TakesJsonSchemaAsync("openrouter", withSchema));
        Assert.False(await Pricing.TakesJsonSchemaAsync("openrouter", jsonOnly));
        Assert.False(await Pricing.TakesJsonSchemaAsync("openrouter", "vendor/never-synced"));
        Assert.Equal(1, (await Pricing.GetPriceAsync("openrouter", withSchema))!.Version);
        Assert.True(await Sql.ScalarAsync<bool>(fixture.ConnectionString,
            "SELECT structured_output FROM model_capabilities WHERE provider = 'openrouter' AND model = @m", ("m", withSchema)));
    }

    [Fact]
    public async Task SetPrice_ChangeMakesNewVersion_SamePriceKeepsIt()
    {
        var model = "m-" + Guid.NewGuid().ToString("N")[..8];

        var v1 = await Pricing.SetPriceAsync(new ModelPriceUpdate("test", model, 1m, 2m, 0m, 1000, "test"));
        var same = await Pricing.SetPriceAsync(new ModelPriceUpdate("test", model, 1m, 2m, 0m, 1000, "test again"));
        var v2 = await Pricing.SetPriceAsync(new ModelPriceUpdate("test", model, 1.5m, 2m, 0m, 1000, "test rise"));

        Assert.Equal([1, 1, 2], new[] { v1.Version, same.Version, v2.Version });
        Assert.Equal(1m, (await Pricing.GetPriceVersionAsync("test", model, 1))!.InputUsdPerMillionTokens);
        Assert.Equal(1.5m, (await Pricing.GetPriceAsync("test", model))!.InputUsdPerMillionTokens);
        Assert.Equal(1L, await Sql.ScalarAsync<long>(fixture.ConnectionString,
            "SELECT count(*) FROM model_pricing WHERE model = @m AND is_current", ("m", model)));
    }

    [Fact]
    public async Task SetPrice_NegativeOrWithoutSource_IsRefused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Pricing.SetPriceAsync(new ModelPriceUpdate("test", "neg", -1m, 0m, 0m, null, "x")));
        await Assert.ThrowsAsync<ArgumentException>(() => Pricing.SetPriceAsync(new ModelPriceUpdate("test", "nosrc", 1m, 0m, 0m, null, " ")));
    }

    [Fact]
    public async Task SyncFromOpenRouter_ConvertsPerTokenStringsAndRejectsUnpriceableEntries()
    {
        var a = "vendor/a-" + Guid.NewGuid().ToString("N")[..8];
        var b = "vendor/b-" + Guid.NewGuid().ToString("N")[..8];
        var json = Models((a, "0.000003", "0.000015", 200000), (b, "0.0000004", "0.0000016", 128000), ("openrouter/auto", "-1", "-1", 0));

        var added = await Pricing.SyncFromOpenRouterAsync(json, addNew: true);
        var unchanged = await Pricing.SyncFromOpenRouterAsync(json, addNew: false);
        var changed = await Pricing.SyncFromOpenRouterAsync(Models((a, "0.000002", "0.000015", 200000)), addNew: false);
        var notInCatalog = await Pricing.SyncFromOpenRouterAsync(Models(("vendor/never-" + Guid.NewGuid().ToString("N")[..6], "0.000001", "0.000001", 1)), addNew: false);

        Assert.Equal((0, 0, 2), (added.Updated, added.Unchanged, added.Added));
        Assert.Single(added.Rejected, r => r.StartsWith("openrouter/auto", StringComparison.Ordinal));
        Assert.Equal((0, 2), (unchanged.Updated, unchanged.Unchanged));
        Assert.Equal(1, changed.Updated);
        Assert.Equal(1, notInCatalog.NotInCatalog);
        var priceA = await Pricing.GetPriceAsync("openrouter", a);
        Assert.Equal((2.0m, 15.0m, 2, 200000), (priceA!.InputUsdPerMillionTokens, priceA.OutputUsdPerMillionTokens, priceA.Version, priceA.ContextTokens));
        Assert.Equal(0.4m, (await Pricing.GetPriceAsync("openrouter", b))!.InputUsdPerMillionTokens);
    }

    [Fact]
    public async Task SyncFromOpenRouter_MalformedResponse_IsRefusedWithoutChanges()
    {
        var before = await Pricing.ListAsync();

        await Assert.ThrowsAsync<FormatException>(() => Pricing.SyncFromOpenRouterAsync("{\"data\": [", addNew: true));
        await Assert.ThrowsAsync<FormatException>(() => Pricing.SyncFromOpenRouterAsync("{\"models\": []}", addNew: true));

        Assert.Equal(before.Count, (await Pricing.ListAsync()).Count);
    }

    private static string Models(params (string Id, string Prompt, string Completion, int Context)[] models) =>
        System.Text.Json.JsonSerializer.Serialize(new
        {
            data = models.Select(m => new
            {
                id = m.Id,
                name = m.Id,
                context_length = m.Context,
                pricing = new { prompt = m.Prompt, completion = m.Completion, image = "0", request = "0" },
            }),
        });
}
