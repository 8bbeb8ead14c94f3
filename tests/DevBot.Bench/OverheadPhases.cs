using System.Diagnostics.Metrics;
using System.Globalization;
using DevBot.Gateway;

namespace DevBot.Bench;

/// <summary>Collects the gateway's per-phase timings (<see cref="GatewayMetrics.OverheadDuration"/>) and prints their medians.</summary>
public sealed class OverheadPhases : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, List<double>> _phases = new(StringComparer.Ordinal);

    public OverheadPhases()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == GatewayMetrics.MeterName && instrument.Name == GatewayMetrics.OverheadInstrumentName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "phase", Value: string phase })
                {
                    lock (_phases)
                    {
                        (_phases.TryGetValue(phase, out var list) ? list : _phases[phase] = []).Add(value);
                    }
                }
            }
        });
        _listener.Start();
    }

    public void Reset()
    {
        lock (_phases)
        {
            _phases.Clear();
        }
    }

    public string Medians()
    {
        lock (_phases)
        {
            return string.Join(' ', _phases.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p =>
            {
                var sorted = p.Value.Order().ToList();
                return string.Create(CultureInfo.InvariantCulture, $"{p.Key}_p50_ms={sorted[sorted.Count / 2]:0.00}");
            }));
        }
    }

    public void Dispose() => _listener.Dispose();
}
