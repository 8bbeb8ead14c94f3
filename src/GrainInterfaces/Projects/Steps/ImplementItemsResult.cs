namespace DevBot.GrainInterfaces.Projects;

/// <summary>
/// How each item of an <see cref="ImplementItemsInput"/> went, in plan order — committed (<see cref="ItemOutcome.Done"/>)
/// or not (<see cref="ItemOutcome.Failed"/>, counted against that item alone) — and TODO.md after the last commit.
/// </summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.ImplementItemsResult")]
public sealed record ImplementItemsResult(IReadOnlyList<ItemOutcome> Items, PlanSnapshot Plan) : StepResult;

/// <summary>One item of a parallel step: exactly one of <see cref="Done"/> and <see cref="Failed"/> is set.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.ItemOutcome")]
public sealed record ItemOutcome(string ItemId, ImplementResult? Done, StepFailed? Failed);
