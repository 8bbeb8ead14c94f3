namespace DevBot.Bot.Options;

/// <summary>What users can buy (section <c>Payments</c>): packages of credits paid in Telegram Stars (XTR).</summary>
public sealed class PaymentOptions
{
    public const string SectionName = "Payments";

    /// <summary>Telegram's currency code for Stars; digital goods are sold in Stars only, with an empty provider token.</summary>
    public const string Currency = "XTR";

    public List<CreditPackage> Packages { get; set; } = [];

    /// <summary>The packages offered when none are configured (one credit is worth a US cent; a Star about 1.3).</summary>
    public static IReadOnlyList<CreditPackage> DefaultPackages { get; } =
    [
        new() { Credits = 100, Stars = 80 },
        new() { Credits = 500, Stars = 390 },
        new() { Credits = 2000, Stars = 1500 },
    ];

    public IReadOnlyList<CreditPackage> Offered => Packages.Count > 0 ? Packages : DefaultPackages;
}
