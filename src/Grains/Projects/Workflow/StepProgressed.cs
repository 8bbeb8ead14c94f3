using DevBot.GrainInterfaces.Projects;

namespace DevBot.Grains.Projects.Workflow;

/// <summary>A worker reports what its running step has done so far (items landed); the project's spend so far comes with it.</summary>
public sealed record StepProgressed(StepReport Report, decimal CreditsUsed) : WorkflowInput;
