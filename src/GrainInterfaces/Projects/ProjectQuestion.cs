namespace DevBot.GrainInterfaces.Projects;

/// <summary>A follow-up question; <paramref name="Options"/> (when given) can be offered as buttons.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.ProjectQuestion")]
public sealed record ProjectQuestion(string Id, string Topic, string Text, IReadOnlyList<string> Options);
