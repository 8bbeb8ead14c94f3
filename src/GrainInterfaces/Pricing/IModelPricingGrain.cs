using Orleans.Concurrency;

namespace DevBot.GrainInterfaces.Pricing;

/// <summary>
/// The price catalogue (one activation, key <see cref="CatalogKey"/>) over the <c>model_pricing</c> table. A price
/// change is a new version; usage rows record the version they were charged at.
/// </summary>
[Alias("DevBot.Pricing.IModelPricingGrain")]
public interface IModelPricingGrain : IGrainWithStringKey
{
    public const string CatalogKey = "catalog";

    /// <summary>The current price, or null when the model is unknown (calls to it are refused).</summary>
    [ReadOnly]
    Task<ModelPrice?> GetPriceAsync(string provider, string model);

    /// <summary>A specific version (current or past), or null.</summary>
    [ReadOnly]
    Task<ModelPrice?> GetPriceVersionAsync(string provider, string model, int version);

    [ReadOnly]
    Task<IReadOnlyList<ModelPrice>> ListAsync();

    /// <summary>Sets a price; a new version when it differs from the current one, otherwise the current one.</summary>
    Task<ModelPrice> SetPriceAsync(ModelPriceUpdate update);

    /// <summary>
    /// Applies an OpenRouter <c>/api/v1/models</c> response (its <c>pricing.prompt</c>/<c>completion</c>/<c>image</c> and
    /// the optional <c>input_cache_read</c>/<c>input_cache_write</c> are USD per token, as strings) to the openrouter
    /// models in the catalogue; with <paramref name="addNew"/> unknown models are added too.
    /// </summary>
    Task<PricingSyncResult> SyncFromOpenRouterAsync(string modelsJson, bool addNew);

    /// <summary>Whether the catalogue says the model takes a JSON schema as response_format (false when it does not know).</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<bool> TakesJsonSchemaAsync(string provider, string model);

    /// <summary>Records whether the model takes a JSON schema as response_format (operators; the OpenRouter sync sets it itself).</summary>
    Task SetTakesJsonSchemaAsync(string provider, string model, bool takes, string source);
}
