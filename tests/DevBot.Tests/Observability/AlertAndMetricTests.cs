using System.Diagnostics.Metrics;
using DevBot.GrainInterfaces.Credits;
using DevBot.Grains.Observability;
using DevBot.Tests.Infrastructure;

namespace DevBot.Tests.Observability;

/// <summary>Alerts are log events with fixed ids; money instruments count what the ledger records.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AlertAndMetricTests(ClusterFixture fixture)
{
    private const string Provider = "google";
    private const string Model = "gemini-2.5-pro"; // seeded at 1.25 / 10.00 USD per million tokens

    [Fact]
    public async Task CostSpike_IsAnAlertEvent_AndSettledCostIsMeasured()
    {
        var user = TestUsers.NewId();
        var ledger = fixture.GrainFactory.GetGrain<ICreditLedgerGrain>(user);
        await ledger.GrantAsync(new CreditGrant("spike", 10_000m, GrantKind.Manual, null));
        using var measured = new MeterTotals(LedgerMetrics.CreditsCharged.Name);

        // 1M input + 200k output tokens of gemini-2.5-pro: 3.25 USD, 487.5 credits: far above 100 credits per call.
        var callId = "spike-" + Guid.NewGuid().ToString("N");
        await ledger.ReserveAsync(new ReserveRequest(callId, 600m, Provider, Model, null));
        var settled = await ledger.SettleAsync(new SettleRequest(callId, new ModelUsage(Provider, Model, "implement_todo", 1_000_000, 200_000, 0, 10, null, null, null)));

        Assert.Equal(SettleStatus.Settled, settled.Status);
        Assert.Equal(487.5m, settled.CreditsCharged);
        var alert = Assert.Single(LogCapture.Entries, e => e.EventId.Id == Alerts.CostSpike.Id && e.Text.Contains(callId, StringComparison.Ordinal));
        Assert.Contains(user.ToString(System.Globalization.CultureInfo.InvariantCulture), alert.Text, StringComparison.Ordinal);
        Assert.True(measured.Total >= 487.5, $"measured {measured.Total}");
    }

    [Fact]
    public async Task ProviderCostFarFromOurPrice_IsAnAlertEvent()
    {
        var user = TestUsers.NewId();
        var ledger = fixture.GrainFactory.GetGrain<ICreditLedgerGrain>(user);
        await ledger.GrantAsync(new CreditGrant("mismatch", 100m, GrantKind.Manual, null));
        var callId = "mismatch-" + Guid.NewGuid().ToString("N");
        await ledger.ReserveAsync(new ReserveRequest(callId, 10m, Provider, Model, null));

        // Our price says 0.00325 USD; the provider reports twice that.
        await ledger.SettleAsync(new SettleRequest(callId, new ModelUsage(Provider, Model, "verify", 1000, 200, 0, 10, null, null, 0.0065m)));

        Assert.Contains(LogCapture.Entries, e => e.EventId.Id == Alerts.ProviderCostMismatch.Id && e.Text.Contains(callId, StringComparison.Ordinal));
    }

    /// <summary>Sums one instrument's measurements while alive.</summary>
    private sealed class MeterTotals : IDisposable
    {
        private readonly MeterListener _listener = new();
        private double _total;

        public MeterTotals(string instrument)
        {
            _listener.InstrumentPublished = (i, l) =>
            {
                if (i.Name == instrument)
                {
                    l.EnableMeasurementEvents(i);
                }
            };
            _listener.SetMeasurementEventCallback<double>((_, value, _, _) =>
            {
                lock (_listener)
                {
                    _total += value;
                }
            });
            _listener.Start();
        }

        public double Total
        {
            get
            {
                lock (_listener)
                {
                    return _total;
                }
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
