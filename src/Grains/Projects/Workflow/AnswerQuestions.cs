using DevBot.GrainInterfaces.Projects;

namespace DevBot.Grains.Projects.Workflow;

/// <summary>The user answers the open questions (free text).</summary>
public sealed record AnswerQuestions(long UserId, string Answers) : WorkflowInput;
