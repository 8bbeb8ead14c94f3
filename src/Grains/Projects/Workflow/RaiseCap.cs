using DevBot.GrainInterfaces.Projects;

namespace DevBot.Grains.Projects.Workflow;

/// <summary>The user raises the project's credit cap.</summary>
public sealed record RaiseCap(long UserId, decimal ExtraCredits) : WorkflowInput;
