using DevBot.GrainInterfaces.Projects;

namespace DevBot.Grains.Projects.Workflow;

/// <summary>A wake-up failed for reasons of DevBot's own (database or repository unreachable).</summary>
public sealed record WakeFailed(string Reason) : WorkflowInput;
