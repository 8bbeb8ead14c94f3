using DevBot.GrainInterfaces.Credits;

namespace DevBot.Tests.Credits;

public sealed class CreditMathTests
{
    [Theory]
    // gemini-2.5-pro list price: 1000 in × 1.25/M + 500 out × 10/M = 0.00125 + 0.005
    [InlineData(1.25, 10.00, 0, 1000, 500, 0, "0.00625")]
    // one input token at 0.10/M
    [InlineData(0.10, 0.40, 0, 1, 0, 0, "0.0000001")]
    // images are priced per image
    [InlineData(0, 0, 0.04, 0, 0, 2, "0.08")]
    // a million of each at flash prices
    [InlineData(0.30, 2.50, 0, 1_000_000, 1_000_000, 0, "2.80")]
    public void CostUsd_HandComputedCases(double input, double output, double image, long inTokens, long outTokens, long images, string expected)
    {
        var cost = CreditMath.CostUsd((decimal)input, (decimal)output, (decimal)image, inTokens, outTokens, images);

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), cost);
    }

    [Theory]
    [InlineData("0.00625", "0.9375")]   // 0.00625 / 0.01 × 1.5
    [InlineData("0.0001", "0.015")]     // a hundredth of a cent is charged, not rounded away
    [InlineData("0.0000001", "0.000015")]
    [InlineData("0.0000000001", "0.00000002")] // 1.5e-8 rounds up at the eighth decimal, never to zero
    [InlineData("0", "0")]
    public void Credits_DefaultValueAndMarkup(string costUsd, string expectedCredits)
    {
        var credits = CreditMath.Credits(decimal.Parse(costUsd, System.Globalization.CultureInfo.InvariantCulture), 0.01m, 1.5m);

        Assert.Equal(decimal.Parse(expectedCredits, System.Globalization.CultureInfo.InvariantCulture), credits);
    }

    [Fact]
    public void Credits_SumOfManySmallCalls_IsExact()
    {
        // 10,000 calls of $0.0001 each: binary floating point would drift; decimal must not.
        var total = Enumerable.Range(0, 10_000).Sum(_ => CreditMath.Credits(0.0001m, 0.01m, 1.5m));

        Assert.Equal(150m, total);
    }

    [Theory]
    [InlineData("12.345", "12.35")]
    [InlineData("0.015", "0.02")]
    [InlineData("0.004", "0.00")]
    [InlineData("-3.456", "-3.46")]
    public void Display_TwoDecimalsInvariant(string credits, string expected)
    {
        Assert.Equal(expected, CreditMath.Display(decimal.Parse(credits, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void CostUsd_NegativeTokens_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CreditMath.CostUsd(1m, 1m, 0m, -1, 0, 0));
    }
}
