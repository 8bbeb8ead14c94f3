using DevBot.GrainInterfaces.Projects;

namespace DevBot.Grains.Projects.Workflow;

/// <summary>The user confirms the proposed scope.</summary>
public sealed record ConfirmScope(long UserId) : WorkflowInput;
