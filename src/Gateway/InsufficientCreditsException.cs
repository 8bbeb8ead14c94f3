namespace DevBot.Gateway;

/// <summary>The user's available credits do not cover the request's reservation; the request was not sent.</summary>
[GenerateSerializer]
public sealed class InsufficientCreditsException(string provider, string model, decimal available, decimal shortfall)
    : ModelGatewayException($"Not enough credits for {provider}:{model}: {available:0.########} available, {shortfall:0.########} short.", provider, model)
{
    [Id(0)]
    public decimal Available { get; } = available;

    [Id(1)]
    public decimal Shortfall { get; } = shortfall;
}
