using DevBot.GrainInterfaces.Projects;

namespace DevBot.Grains.Projects.Workflow;

/// <summary>A worker reports a step; the project's spend so far (from the usage rows) comes with it.</summary>
public sealed record StepReported(StepReport Report, decimal CreditsUsed) : WorkflowInput;
