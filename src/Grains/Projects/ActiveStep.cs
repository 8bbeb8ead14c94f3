using DevBot.GrainInterfaces.Projects;

namespace DevBot.Grains.Projects;

/// <summary>The step a project has dispatched (or will dispatch again), as persisted before the worker is called.</summary>
[GenerateSerializer]
[Alias("DevBot.Grains.Projects.ActiveStep")]
public sealed class ActiveStep
{
    [Id(0)]
    public string Id { get; set; } = string.Empty;

    [Id(1)]
    public StepKind Kind { get; set; }

    [Id(2)]
    public string? ItemId { get; set; }

    [Id(3)]
    public int Phase { get; set; }

    /// <summary>Version 0 only: the input as text (JSON, a title or a round number; see <see cref="Request"/>).</summary>
    [Id(4)]
    public string Input { get; set; } = string.Empty;

    [Id(5)]
    public int Attempt { get; set; }

    [Id(6)]
    public DateTimeOffset DispatchedAt { get; set; }

    /// <summary>The silo the step's worker runs on (stateless workers run where they are called): when membership declares it dead, the step is dispatched again.</summary>
    [Id(7)]
    public string? Silo { get; set; }

    /// <summary>What the worker is asked to do.</summary>
    [Id(8)]
    public StepInput? Request { get; set; }

    /// <summary>
    /// Items done when the step was first dispatched: a README or a passing final review that ran while more items
    /// landed describes code that has changed since, and does not count.
    /// </summary>
    [Id(9)]
    public int DoneAtDispatch { get; set; }
}
