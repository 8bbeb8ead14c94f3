using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DevBot.Grains.Observability;

/// <summary>
/// The money instruments (meter <c>DevBot.Ledger</c>): what calls cost us and what users were charged, credits bought,
/// and API-key cooldowns and disablements. Figures for dashboards; the ledger tables stay the record.
/// </summary>
public static class LedgerMetrics
{
    public const string MeterName = "DevBot.Ledger";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<double> CostUsd = Meter.CreateCounter<double>("devbot.model.cost", "USD", "What model calls cost us (provider's figure when given)");

    public static readonly Counter<double> CreditsCharged = Meter.CreateCounter<double>("devbot.credits.charged", "{credit}", "Credits charged to users for model calls");

    public static readonly Counter<double> CreditsPurchased = Meter.CreateCounter<double>("devbot.credits.purchased", "{credit}", "Credits users bought");

    public static readonly Counter<long> KeyCooldowns = Meter.CreateCounter<long>("devbot.keys.cooldowns", "{cooldown}", "API keys put to cool down (reason = rate_limited or error)");

    public static readonly Counter<long> KeysDisabled = Meter.CreateCounter<long>("devbot.keys.disabled", "{key}", "API keys disabled after the provider rejected them");

    internal static void Settled(string provider, string model, string task, decimal costUsd, decimal credits)
    {
        var tags = new TagList { { "provider", provider }, { "model", model }, { "task", task } };
        CostUsd.Add((double)costUsd, tags);
        CreditsCharged.Add((double)credits, tags);
    }

    internal static void Purchased(string currency, decimal credits) => CreditsPurchased.Add((double)credits, new KeyValuePair<string, object?>("currency", currency));

    internal static void CooledDown(string provider, string reason) =>
        KeyCooldowns.Add(1, new TagList { { "provider", provider }, { "reason", reason } });

    internal static void Disabled(string provider) => KeysDisabled.Add(1, new KeyValuePair<string, object?>("provider", provider));
}
