using System.ComponentModel;

namespace DevBot.Grains.Agents;

/// <summary>The Architect's answer in a question round, as JSON (the parser's and the response schema's shape).</summary>
public sealed record QuestionsReply(
    [property: Description("Questions for the user; leave out when done.")] List<QuestionItem>? Questions,
    [property: Description("true when the scope is clear: then give title and scope instead of questions.")] bool? Done,
    [property: Description("A short title for the project, in plain text.")] string? Title,
    [property: Description("The agreed scope for the user to confirm, in plain text.")] string? Scope);
