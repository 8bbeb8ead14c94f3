using System.ComponentModel;

namespace DevBot.Grains.Agents;

/// <summary>One follow-up question of a <see cref="QuestionsReply"/>.</summary>
public sealed record QuestionItem(
    string? Id,
    [property: Description("One of: audience, platforms, features, performance, integrations, budget.")] string? Topic,
    [property: Description("The question, in plain text.")] string? Text,
    [property: Description("2 to 5 short answers to choose from, when a choice is natural.")] List<string>? Options);
