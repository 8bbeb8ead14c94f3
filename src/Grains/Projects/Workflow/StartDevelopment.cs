using DevBot.GrainInterfaces.Projects;

namespace DevBot.Grains.Projects.Workflow;

/// <summary>The user starts development after the estimate.</summary>
public sealed record StartDevelopment(long UserId) : WorkflowInput;
