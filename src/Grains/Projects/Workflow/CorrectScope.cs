using DevBot.GrainInterfaces.Projects;

namespace DevBot.Grains.Projects.Workflow;

/// <summary>The user says what to change in the proposed scope.</summary>
public sealed record CorrectScope(long UserId, string Correction) : WorkflowInput;
