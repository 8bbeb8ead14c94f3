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
