namespace DevBot.GrainInterfaces.Projects;

/// <summary>Questions to ask the user, or (none) the proposed title and scope.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.QuestionsResult")]
public sealed record QuestionsResult(IReadOnlyList<ProjectQuestion> Questions, string? Title, string? Scope) : StepResult;
