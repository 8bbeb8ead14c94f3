using DevBot.GrainInterfaces.Projects;

namespace DevBot.Grains.Projects.Workflow;

/// <summary>The user answers a pause; the credits they have now come with it (a pause for credits needs them).</summary>
public sealed record ResumeProject(long UserId, ResumeDecision Decision, decimal CreditsAvailable) : WorkflowInput;
