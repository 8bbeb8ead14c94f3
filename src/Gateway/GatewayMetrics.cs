using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DevBot.Gateway;

/// <summary>
/// The gateway's instruments (meter <c>DevBot.Gateway</c>): how long providers take to answer and how many tokens
/// they bill, by provider, model and task. Replayed answers are not model time and are not recorded.
/// </summary>
public static class GatewayMetrics
{
    public const string MeterName = "DevBot.Gateway";

    public const string OverheadInstrumentName = "devbot.gateway.overhead.duration";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Time from sending a request to its answer (retries and key waits included), in milliseconds.</summary>
    public static readonly Histogram<double> RequestDuration =
        Meter.CreateHistogram<double>("devbot.model.request.duration", "ms", "Time a model provider took to answer one request");

    /// <summary>
    /// DevBot's own time around a model request, by phase (<c>journal_find</c>, <c>price</c>, <c>reserve</c>,
    /// <c>journal_record</c>, <c>settle</c>), in milliseconds: where the gateway's overhead goes.
    /// </summary>
    public static readonly Histogram<double> OverheadDuration =
        Meter.CreateHistogram<double>(OverheadInstrumentName, "ms", "Time the gateway spent on one phase of a model request");

    public static readonly Counter<long> Tokens =
        Meter.CreateCounter<long>("devbot.model.tokens", "{token}", "Tokens billed by model providers (direction = input or output)");

    /// <summary>Records the time since <paramref name="started"/> (a Stopwatch timestamp) under a phase; returns now.</summary>
    internal static long Phase(string phase, long started)
    {
        var now = Stopwatch.GetTimestamp();
        if (OverheadDuration.Enabled)
        {
            OverheadDuration.Record(Stopwatch.GetElapsedTime(started, now).TotalMilliseconds, new KeyValuePair<string, object?>("phase", phase));
        }

        return now;
    }

    internal static void Record(ModelRef model, string taskType, TimeSpan elapsed, long inputTokens, long outputTokens)
    {
        var tags = new TagList { { "provider", model.Provider }, { "model", model.Model }, { "task", taskType } };
        RequestDuration.Record(elapsed.TotalMilliseconds, tags);
        if (Tokens.Enabled)
        {
            var input = tags;
            input.Add("direction", "input");
            Tokens.Add(inputTokens, input);
            var output = tags;
            output.Add("direction", "output");
            Tokens.Add(outputTokens, output);
        }
    }
}
