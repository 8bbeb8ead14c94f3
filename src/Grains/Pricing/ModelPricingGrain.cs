using DevBot.GrainInterfaces.Pricing;
using Microsoft.Extensions.Logging;

namespace DevBot.Grains.Pricing;

/// <summary>
/// The price catalogue: current prices cached in memory (loaded on activation), versions cached forever (a
/// version never changes), every change written to <c>model_pricing</c> first.
/// </summary>
public sealed class ModelPricingGrain(PricingStore store, ILogger<ModelPricingGrain> logger) : Grain, IModelPricingGrain
{
    private readonly Dictionary<(string Provider, string Model), ModelPrice> _current = new();
    private Dictionary<(string Provider, string Model), bool> _structured = new();
    private readonly Dictionary<(string Provider, string Model, int Version), ModelPrice> _versions = new();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _structured = await store.StructuredOutputsAsync(cancellationToken);
        foreach (var price in await store.ListCurrentAsync(cancellationToken))
        {
            Remember(price);
        }
    }

    public Task<ModelPrice?> GetPriceAsync(string provider, string model) =>
        Task.FromResult(_current.GetValueOrDefault((provider, model)));

    public async Task<ModelPrice?> GetPriceVersionAsync(string provider, string model, int version)
    {
        if (_versions.TryGetValue((provider, model, version), out var known))
        {
            return known;
        }

        var stored = await store.GetVersionAsync(provider, model, version);
        if (stored is not null)
        {
            _versions[(provider, model, version)] = stored;
        }

        return stored;
    }

    public Task<IReadOnlyList<ModelPrice>> ListAsync() =>
        Task.FromResult<IReadOnlyList<ModelPrice>>(_current.Values.OrderBy(p => p.Provider).ThenBy(p => p.Model).ToList());

    public async Task<ModelPrice> SetPriceAsync(ModelPriceUpdate update)
    {
        Validate(update);
        var (price, changed) = await store.SetAsync(update);
        Remember(price);
        if (changed)
        {
            logger.LogInformation("Price of {Provider}/{Model} is now version {Version}: in {Input} cached in {CachedInput} cache write {CacheWrite} out {Output} USD per million tokens ({Source})",
                price.Provider, price.Model, price.Version, price.InputUsdPerMillionTokens, price.CachedInputUsdPerMillionTokens,
                price.CacheWriteUsdPerMillionTokens, price.OutputUsdPerMillionTokens, price.Source);
        }

        return price;
    }

    public async Task<PricingSyncResult> SyncFromOpenRouterAsync(string modelsJson, bool addNew)
    {
        var (prices, rejected) = OpenRouterPricingParser.Parse(modelsJson);
        int updated = 0, unchanged = 0, added = 0, notInCatalog = 0;
        var source = $"sync: openrouter.ai/api/v1/models ({DateTimeOffset.UtcNow:yyyy-MM-dd})";
        foreach (var offered in prices)
        {
            var known = _current.ContainsKey(("openrouter", offered.Model));
            if (!known && !addNew)
            {
                notInCatalog++;
                continue;
            }

            if (offered.StructuredOutputs is { } structured && _structured.GetValueOrDefault(("openrouter", offered.Model)) != structured)
            {
                await SetTakesJsonSchemaAsync("openrouter", offered.Model, structured, source);
            }

            var before = _current.GetValueOrDefault(("openrouter", offered.Model));
            var after = await SetPriceAsync(new ModelPriceUpdate("openrouter", offered.Model, offered.InputUsdPerMillionTokens,
                offered.OutputUsdPerMillionTokens, offered.ImageUsd, offered.ContextTokens, source,
                offered.CachedInputUsdPerMillionTokens, offered.CacheWriteUsdPerMillionTokens));
            if (before is null)
            {
                added++;
            }
            else if (after.Version != before.Version)
            {
                updated++;
            }
            else
            {
                unchanged++;
            }
        }

        return new PricingSyncResult(updated, unchanged, added, notInCatalog, rejected);
    }

    public Task<bool> TakesJsonSchemaAsync(string provider, string model) => Task.FromResult(_structured.GetValueOrDefault((provider, model)));

    public async Task SetTakesJsonSchemaAsync(string provider, string model, bool takes, string source)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        await store.SetStructuredOutputAsync(provider, model, takes, source);
        _structured[(provider, model)] = takes;
    }

    private void Remember(ModelPrice price)
    {
        _current[(price.Provider, price.Model)] = price;
        _versions[(price.Provider, price.Model, price.Version)] = price;
    }

    private static void Validate(ModelPriceUpdate update)
    {
        if (string.IsNullOrWhiteSpace(update.Provider) || string.IsNullOrWhiteSpace(update.Model))
        {
            throw new ArgumentException("A price needs a provider and a model.");
        }

        if (update.InputUsdPerMillionTokens < 0 || update.OutputUsdPerMillionTokens < 0 || update.ImageUsd < 0
            || update.CachedInputUsdPerMillionTokens < 0 || update.CacheWriteUsdPerMillionTokens < 0)
        {
            throw new ArgumentException($"Prices cannot be negative ({update.Provider}/{update.Model}).");
        }

        if (string.IsNullOrWhiteSpace(update.Source))
        {
            throw new ArgumentException("A price needs a source (where the figure comes from).");
        }
    }
}
