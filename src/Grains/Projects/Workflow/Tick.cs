using DevBot.GrainInterfaces.Projects;

namespace DevBot.Grains.Projects.Workflow;

/// <summary>The periodic wake-up; whether membership says the running step's silo is gone.</summary>
public sealed record Tick(bool StepSiloGone) : WorkflowInput;
