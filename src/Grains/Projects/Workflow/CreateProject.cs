using DevBot.GrainInterfaces.Projects;

namespace DevBot.Grains.Projects.Workflow;

/// <summary>The user describes an idea: a new project starts.</summary>
public sealed record CreateProject(long UserId, string Idea) : WorkflowInput;
