using System.Globalization;

namespace DevBot.GrainInterfaces.Credits;

/// <summary>
/// DevBot's money arithmetic, all in decimal: cost_usd = tokens / 1e6 × price (+ images × image price);
/// credits = cost_usd / credit value × markup. Credits keep 8 decimals (rounded up, so a non-zero cost is never
/// charged as zero); USD costs keep 10. Users see two decimals.
/// </summary>
public static class CreditMath
{
    public const int CreditScale = 8;
    public const int UsdScale = 10;
    private const decimal TokensPerMillion = 1_000_000m;

    public static decimal CostUsd(decimal inputUsdPerMillion, decimal outputUsdPerMillion, decimal imageUsd, long inputTokens, long outputTokens, long images)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(outputTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(images);
        var cost = inputTokens * inputUsdPerMillion / TokensPerMillion
                   + outputTokens * outputUsdPerMillion / TokensPerMillion
                   + images * imageUsd;
        return RoundUp(cost, UsdScale);
    }

    public static decimal Credits(decimal costUsd, decimal creditValueUsd, decimal markup)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(costUsd);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(creditValueUsd);
        ArgumentOutOfRangeException.ThrowIfNegative(markup);
        return RoundUp(costUsd / creditValueUsd * markup, CreditScale);
    }

    /// <summary>Two decimals for people (rounded half away from zero), invariant culture: "12.35".</summary>
    public static string Display(decimal credits) =>
        Math.Round(credits, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture);

    public static decimal RoundUp(decimal value, int decimals) =>
        Math.Round(value, decimals, MidpointRounding.ToPositiveInfinity);
}
