namespace DevBot.GrainInterfaces.Projects;

/// <summary>One round of questions and the user's answers to it (null while unanswered).</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.AnsweredRound")]
public sealed record AnsweredRound(IReadOnlyList<ProjectQuestion> Questions, string? Answers);
