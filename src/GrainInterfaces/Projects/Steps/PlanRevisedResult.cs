namespace DevBot.GrainInterfaces.Projects;

/// <summary>
/// The revised plan was committed: its TODO items, the new estimate, the files the revision changed, and the programs
/// its commands need that this silo lacks.
/// </summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.PlanRevisedResult")]
public sealed record PlanRevisedResult(decimal Estimate, PlanSnapshot Plan, IReadOnlyList<string> ChangedFiles, IReadOnlyList<string>? MissingTools = null) : StepResult;
