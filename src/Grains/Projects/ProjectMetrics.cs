using System.Diagnostics;
using System.Diagnostics.Metrics;
using DevBot.GrainInterfaces.Projects;

namespace DevBot.Grains.Projects;

/// <summary>
/// The pipeline's instruments (meter <c>DevBot.Projects</c>): how long workers take per step (model and sandbox
/// time included), how long a project takes to absorb a step's report and dispatch the next, and which states
/// projects enter.
/// </summary>
public static class ProjectMetrics
{
    public const string MeterName = "DevBot.Projects";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>A worker's time on one step, in milliseconds, by kind and outcome.</summary>
    public static readonly Histogram<double> StepDuration =
        Meter.CreateHistogram<double>("devbot.project.step.duration", "ms", "Time a worker spent on one project step");

    /// <summary>The project grain's time to record a step's report and dispatch what comes next, in milliseconds.</summary>
    public static readonly Histogram<double> StepHandling =
        Meter.CreateHistogram<double>("devbot.project.step.handling.duration", "ms", "Time a project took to absorb a step report");

    public static readonly Counter<long> StatesEntered =
        Meter.CreateCounter<long>("devbot.project.states", "{project}", "Projects entering each state");

    internal static void RecordStep(StepKind kind, StepResult result, TimeSpan elapsed) =>
        StepDuration.Record(elapsed.TotalMilliseconds, new TagList { { "kind", kind.ToString() }, { "outcome", OutcomeOf(result) } });

    /// <summary>The outcome tag: Succeeded, Failed, InsufficientCredits or ModelUnavailable (the names dashboards already use).</summary>
    private static string OutcomeOf(StepResult result) => result switch
    {
        StepFailed => "Failed",
        CreditsExhausted => "InsufficientCredits",
        ModelUnavailable => "ModelUnavailable",
        _ => "Succeeded",
    };

    internal static void RecordHandling(StepKind kind, TimeSpan elapsed) =>
        StepHandling.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("kind", kind.ToString()));

    internal static void RecordState(ProjectState state) =>
        StatesEntered.Add(1, new KeyValuePair<string, object?>("state", state.ToString()));
}
