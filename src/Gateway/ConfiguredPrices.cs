using DevBot.GrainInterfaces.Pricing;
using Microsoft.Extensions.Logging;

namespace DevBot.Gateway;

/// <summary>
/// Writes the prices configured per provider (an operator's own cost per million tokens, or zero for a server without a
/// key pool) into the price catalogue for every model the roles name there, once per gateway, before the first model
/// request is priced. The ledger then reserves, settles and reports local models like any other: a usage row per call,
/// at a price version. A configured price replaces the catalogue's (a new version); the zero default only fills a gap,
/// so models priced in the catalogue (the scripted ones, or by `pricing set`) keep their price.
/// </summary>
internal sealed class ConfiguredPrices(IGrainFactory grains, ModelGatewayOptions options, ILogger logger)
{
    private readonly Lock _gate = new();
    private Task? _written;

    public Task EnsureAsync()
    {
        lock (_gate)
        {
            // A failed write is tried again on the next request, never remembered.
            if (_written is null || _written.IsFaulted || _written.IsCanceled)
            {
                _written = WriteAsync();
            }

            return _written;
        }
    }

    private async Task WriteAsync()
    {
        var pricing = grains.GetGrain<IModelPricingGrain>(IModelPricingGrain.CatalogKey);
        var models = Enum.GetValues<ModelRole>().SelectMany(options.ModelsFor).Distinct();
        foreach (var model in models)
        {
            if (!options.Providers.TryGetValue(model.Provider, out var provider) || provider.ConfiguredPrice(model.Provider) is not { } price)
            {
                continue;
            }

            var explicitPrice = provider.InputUsdPerMillionTokens is not null || provider.OutputUsdPerMillionTokens is not null;
            if (!explicitPrice && await pricing.GetPriceAsync(model.Provider, model.Model) is not null)
            {
                continue;
            }

            var set = await pricing.SetPriceAsync(new ModelPriceUpdate(model.Provider, model.Model, price.Input, price.Output, 0m,
                provider.EffectiveContextTokens, price.Source));
            logger.LogInformation("{Model} is priced from configuration: input {Input} output {Output} USD per million tokens (version {Version})",
                model, set.InputUsdPerMillionTokens, set.OutputUsdPerMillionTokens, set.Version);
        }
    }
}
