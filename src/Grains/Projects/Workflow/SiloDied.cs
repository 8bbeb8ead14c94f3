using DevBot.GrainInterfaces.Projects;

namespace DevBot.Grains.Projects.Workflow;

/// <summary>A silo was declared dead; whether it was the one the running step ran on.</summary>
public sealed record SiloDied(bool StepSiloGone) : WorkflowInput;
