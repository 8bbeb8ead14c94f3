using DevBot.GrainInterfaces.Projects;

namespace DevBot.Grains.Agents;

/// <summary>The Architect's answer in a question round: questions, or the scope summary with a title.</summary>
public sealed record QuestionsAnswer(IReadOnlyList<ProjectQuestion> Questions, string? Title, string? Scope);
