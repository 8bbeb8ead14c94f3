namespace DevBot.GrainInterfaces.Projects;

/// <summary>
/// The item's edits were committed with the item marked done (or it was already done: a re-run of a step whose commit
/// was saved), with how its check went (null when the item was already done).
/// </summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.ImplementResult")]
public sealed record ImplementResult(string ItemId, int ChangedFiles, bool AlreadyDone, PlanSnapshot Plan, ItemCheck? Check = null) : StepResult;
