namespace DevBot.GrainInterfaces.Projects;

/// <summary>The plan was committed: its TODO items and the estimated cost in credits.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.PlanResult")]
public sealed record PlanResult(decimal Estimate, PlanSnapshot Plan) : StepResult;
