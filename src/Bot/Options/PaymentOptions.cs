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

    /// <summary>
    /// Stars per credit at the smallest package's price (the one a user buys first): what costs are shown in ⭐ with.
    /// </summary>
    public decimal StarsPerCredit => Offered.MinBy(p => p.Credits) is { Credits: > 0 } smallest ? (decimal)smallest.Stars / smallest.Credits : 0m;

    /// <summary>
    /// The answer to <c>/paysupport</c> (Telegram's rules for Stars payments ask bots to have one): how a buyer reaches
    /// support about a payment.
    /// </summary>
    public string SupportText { get; set; } = DefaultSupportText;

    /// <summary>The answer to <c>/terms</c>: the terms of service (configure your own; this default says what DevBot does).</summary>
    public string TermsText { get; set; } = DefaultTermsText;

    public const string DefaultSupportText =
        "Questions about a payment or a refund? Send /paysupport followed by your question (for example: /paysupport I paid but got no credits) "
        + "and it goes to DevBot's operators, who answer here in this chat. A purchase whose credits were not used can be refunded in Stars.";

    public const string DefaultTermsText =
        "Terms of service: DevBot sells credits for Telegram Stars; credits pay for the AI model requests that build your projects, at the prices /credits shows. "
        + "An estimate is not a fixed price: a project stops to ask before it spends more than its cap. Unused credits do not expire. "
        + "The code delivered is yours; we keep a project's data for the time /retention shows. Refunds of unused purchases are made in Stars on request (/paysupport).";

    /// <summary>The support text in the user's language: the default is translated; a configured text is shown as the operators wrote it.</summary>
    public string Support(DevBot.Bot.Text.ChatLanguage language) =>
        SupportText == DefaultSupportText ? language.Text("paysupport.default", DefaultSupportText) : SupportText;

    /// <summary>The terms in the user's language: the default is translated; configured terms are shown as the operators wrote them.</summary>
    public string Terms(DevBot.Bot.Text.ChatLanguage language) =>
        TermsText == DefaultTermsText ? language.Text("terms.default", DefaultTermsText) : TermsText;
}
