using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DevBot.Workspace.Sandbox;

/// <summary>The sandbox's instruments (meter <c>DevBot.Workspace</c>): how long project commands run and how they end.</summary>
public static class SandboxMetrics
{
    public const string MeterName = "DevBot.Workspace";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Wall time of one sandboxed command, in milliseconds (outcome = passed, failed or timed_out).</summary>
    public static readonly Histogram<double> RunDuration =
        Meter.CreateHistogram<double>("devbot.sandbox.run.duration", "ms", "Time a project's command ran in the sandbox");

    internal static void Record(SandboxResult result) =>
        RunDuration.Record(result.Duration.TotalMilliseconds, new TagList
        {
            { "outcome", result.TimedOut ? "timed_out" : result.ExitCode == 0 ? "passed" : "failed" },
            { "sandboxed", result.Sandboxed },
        });
}
