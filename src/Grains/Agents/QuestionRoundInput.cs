using DevBot.GrainInterfaces.Projects;

namespace DevBot.Grains.Agents;

public sealed record QuestionRoundInput(IReadOnlyList<ProjectQuestion> Questions, string? Answers);
