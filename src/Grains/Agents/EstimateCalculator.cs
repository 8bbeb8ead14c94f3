using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Pricing;
using DevBot.Grains.Projects;

namespace DevBot.Grains.Agents;

/// <summary>
/// The credit estimate shown before development starts, from the plan's size and the role models' prices: each TODO
/// item is one implementer request at the full context budget (with allowance for one retry in two), each phase
/// one verification, plus test diagnosis, final review and README, all at list price with the markup.
/// </summary>
public static class EstimateCalculator
{
    public static decimal Credits(int items, int phases, ModelPrice architect, ModelPrice implementer, ProjectOptions options, decimal creditValueUsd, decimal markup)
    {
        decimal Cost(ModelPrice price, long input, long output) =>
            CreditMath.CostUsd(price.InputUsdPerMillionTokens, price.OutputUsdPerMillionTokens, 0m, input, output, 0);

        var perItem = Cost(implementer, options.ImplementerContextTokens, 2500) * 1.5m;
        var perVerification = Cost(architect, 12_000, 1_000) * options.MaxVerificationRounds;
        var finishing = Cost(architect, 8_000, 1_500) * (options.MaxTestFixRounds + 1) + Cost(architect, 10_000, 3_000) + Cost(architect, 6_000, 2_000);
        var usd = items * perItem + (phases + 1) * perVerification + finishing;
        return Math.Round(CreditMath.Credits(usd, creditValueUsd, markup), 2, MidpointRounding.ToPositiveInfinity);
    }
}
