namespace DevBot.GrainInterfaces.Projects;

/// <summary>Fix items appended to TODO.md for failing tests.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.DiagnoseResult")]
public sealed record DiagnoseResult(IReadOnlyList<string> Fixes, PlanSnapshot Plan) : StepResult;
