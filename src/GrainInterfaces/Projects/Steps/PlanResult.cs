namespace DevBot.GrainInterfaces.Projects;

/// <summary>
/// The plan was committed: its TODO items, the estimated cost in credits, and the programs its commands need that
/// this silo's sandbox lacks (a project in Go on a silo without <c>go</c>), told to the user before development starts.
/// </summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.PlanResult")]
public sealed record PlanResult(decimal Estimate, PlanSnapshot Plan, IReadOnlyList<string>? MissingTools = null) : StepResult;
