using DevBot.GrainInterfaces.Credits;

namespace DevBot.Gateway;

/// <summary>The user's daily or monthly credit limit does not cover the request's reservation; the request was not sent.</summary>
[GenerateSerializer]
public sealed class CreditLimitReachedException(string provider, string model, decimal needed, CreditLimitHit limit)
    : ModelGatewayException($"The {limit.Period} credit limit of {limit.Limit:0.##} is reached for {provider}:{model} ({limit.Spent:0.##} spent or held).", provider, model)
{
    [Id(0)]
    public decimal Needed { get; } = needed;

    [Id(1)]
    public CreditLimitHit Limit { get; } = limit;
}
