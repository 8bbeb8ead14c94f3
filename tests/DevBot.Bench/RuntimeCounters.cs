using System.Diagnostics.Tracing;
using System.Globalization;

namespace DevBot.Bench;

/// <summary>
/// Listens to the runtime's and Npgsql's event counters (once a second) inside the benchmark's own process, for the
/// evidence behind a latency figure: thread-pool queue and thread count (starvation), monitor lock contentions (lock
/// convoys), Npgsql's busy connections. <see cref="Snapshot"/> gives each counter's maximum (and the contention total).
/// </summary>
public sealed class RuntimeCounters : EventListener
{
    private readonly Dictionary<string, double> _max = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _sum = new(StringComparer.Ordinal);

    public void Reset()
    {
        lock (_max)
        {
            _max.Clear();
            _sum.Clear();
        }
    }

    public string Snapshot()
    {
        lock (_max)
        {
            string Max(string name) => _max.TryGetValue(name, out var v) ? v.ToString("0.#", CultureInfo.InvariantCulture) : "-";
            string Sum(string name) => _sum.TryGetValue(name, out var v) ? v.ToString("0", CultureInfo.InvariantCulture) : "-";
            return $"threadpool_queue_max={Max("threadpool-queue-length")} threadpool_threads_max={Max("threadpool-thread-count")} "
                   + $"lock_contentions={Sum("monitor-lock-contention-count")} gc_pause_ms={Sum("time-paused-by-gc")} cpu_max_pct={Max("cpu-usage")} "
                   + $"npgsql_busy_max={Max("busy-connections")}";
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name is "System.Runtime" or "Npgsql")
        {
            EnableEvents(eventSource, EventLevel.Verbose, EventKeywords.All, new Dictionary<string, string?> { ["EventCounterIntervalSec"] = "1" });
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName != "EventCounters" || eventData.Payload is not { Count: > 0 } || eventData.Payload[0] is not IDictionary<string, object> payload)
        {
            return;
        }

        var name = payload.TryGetValue("Name", out var n) ? n as string : null;
        if (name is null)
        {
            return;
        }

        var value = payload.TryGetValue("Increment", out var increment) ? Convert.ToDouble(increment, CultureInfo.InvariantCulture)
            : payload.TryGetValue("Max", out var max) ? Convert.ToDouble(max, CultureInfo.InvariantCulture)
            : payload.TryGetValue("Mean", out var mean) ? Convert.ToDouble(mean, CultureInfo.InvariantCulture) : 0;
        lock (_max)
        {
            _max[name] = Math.Max(_max.GetValueOrDefault(name), value);
            _sum[name] = _sum.GetValueOrDefault(name) + value;
        }
    }
}
