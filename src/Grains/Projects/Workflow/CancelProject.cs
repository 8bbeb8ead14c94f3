using DevBot.GrainInterfaces.Projects;

namespace DevBot.Grains.Projects.Workflow;

/// <summary>The user asks to stop the project.</summary>
public sealed record CancelProject(long UserId) : WorkflowInput;
