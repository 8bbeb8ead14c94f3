using System.CommandLine;
using DevBot.GrainInterfaces.Pricing;

namespace DevBot.AdminConsole;

/// <summary><c>pricing list|set|sync</c>: the price catalogue (a change is a new version; usage rows keep theirs).</summary>
public static class PricingCommands
{
    public const string OpenRouterModelsUrl = "https://openrouter.ai/api/v1/models";

    public static Command Pricing(AdminContext context, Func<HttpClient> http)
    {
        var pricing = new Command("pricing", "Model prices (USD per million tokens).");
        var catalog = (IGrainFactory grains) => grains.GetGrain<IModelPricingGrain>(IModelPricingGrain.CatalogKey);

        var list = new Command("list", "Current prices.");
        context.Action(list, async (parse, grains, _) =>
        {
            var prices = await catalog(grains).ListAsync();
            context.Show(parse, prices, p => context.Output.Table(
                ["provider", "model", "version", "input $/M", "output $/M", "image $", "context", "source", "since"],
                p.Select(m => new[]
                {
                    m.Provider, m.Model, AdminOutput.Number(m.Version), AdminOutput.Number(m.InputUsdPerMillionTokens), AdminOutput.Number(m.OutputUsdPerMillionTokens),
                    AdminOutput.Number(m.ImageUsd), m.ContextTokens?.ToString(System.Globalization.CultureInfo.InvariantCulture), m.Source, AdminOutput.When(m.EffectiveFrom),
                })));
        });

        var provider = new Argument<string>("provider");
        var model = new Argument<string>("model");
        var input = new Option<decimal>("--input") { Description = "USD per million input tokens.", Required = true };
        var output = new Option<decimal>("--output") { Description = "USD per million output tokens.", Required = true };
        var image = new Option<decimal>("--image") { Description = "USD per image." };
        var contextTokens = new Option<int?>("--context") { Description = "Context window in tokens." };
        var source = new Option<string>("--source") { Description = "Where the price comes from.", DefaultValueFactory = _ => "set by an operator" };
        var set = new Command("set", "Set a model's price (a new version when it differs).") { provider, model, input, output, image, contextTokens, source };
        context.Action(set, async (parse, grains, _) =>
        {
            var (inputPrice, outputPrice, imagePrice) = (parse.GetValue(input), parse.GetValue(output), parse.GetValue(image));
            if (inputPrice < 0 || outputPrice < 0 || imagePrice < 0)
            {
                throw new AdminFailure("prices cannot be negative");
            }

            var price = await catalog(grains).SetPriceAsync(new ModelPriceUpdate(parse.GetValue(provider)!, parse.GetValue(model)!, inputPrice, outputPrice, imagePrice,
                parse.GetValue(contextTokens), parse.GetValue(source)!));
            context.Show(parse, price, p => context.Output.Line($"{p.Provider}:{p.Model} version {p.Version}: ${AdminOutput.Number(p.InputUsdPerMillionTokens)}/M in, ${AdminOutput.Number(p.OutputUsdPerMillionTokens)}/M out"));
        });

        var file = new Option<FileInfo?>("--file") { Description = "An OpenRouter /api/v1/models response saved to a file." };
        var live = new Option<bool>("--live") { Description = $"Fetch {OpenRouterModelsUrl} now." };
        var addNew = new Option<bool>("--add-new") { Description = "Also add OpenRouter models not in the catalogue." };
        var sync = new Command("sync", "Update OpenRouter prices from its models list (--file or --live).") { file, live, addNew };
        context.Action(sync, async (parse, grains, cancellationToken) =>
        {
            string json;
            if (parse.GetValue(file) is { } saved)
            {
                json = await File.ReadAllTextAsync(saved.FullName, cancellationToken);
            }
            else if (parse.GetValue(live))
            {
                using var client = http();
                json = await client.GetStringAsync(OpenRouterModelsUrl, cancellationToken);
            }
            else
            {
                throw new AdminFailure("say where the prices come from: --file PATH or --live");
            }

            var result = await catalog(grains).SyncFromOpenRouterAsync(json, parse.GetValue(addNew));
            context.Show(parse, result, r => context.Output.Line(
                $"updated {r.Updated}, unchanged {r.Unchanged}, added {r.Added}, not in the catalogue {r.NotInCatalog}"
                + (r.Rejected.Count > 0 ? $", rejected: {string.Join(", ", r.Rejected)}" : string.Empty)));
        });

        pricing.Subcommands.Add(list);
        pricing.Subcommands.Add(set);
        pricing.Subcommands.Add(sync);
        return pricing;
    }
}
