using DevBot.GrainInterfaces.Projects;

namespace DevBot.Grains.Projects.Workflow;

/// <summary>The user describes an idea: a new project starts.</summary>
/// <summary>The user describes an idea: a new project starts. <paramref name="Language"/>: the language the Architect talks to the user in (null: English).</summary>
public sealed record CreateProject(long UserId, string Idea, string? Language = null) : WorkflowInput;
