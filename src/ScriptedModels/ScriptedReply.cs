namespace DevBot.ScriptedModels;

/// <summary>
/// What the server answers: text and/or tool calls. Token counts default to an estimate of the text (4 characters a
/// token); <paramref name="Cost"/> is reported as <c>usage.cost</c> (as OpenRouter does) when given.
/// <paramref name="FinishReason"/> overrides the finish reason (<c>length</c>: cut off at the output limit).
/// </summary>
public sealed record ScriptedReply(
    string? Content,
    IReadOnlyList<ScriptedToolCall>? ToolCalls = null,
    int? InputTokens = null,
    int? OutputTokens = null,
    decimal? Cost = null,
    string? FinishReason = null);
