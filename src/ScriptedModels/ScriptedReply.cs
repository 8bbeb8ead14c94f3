namespace DevBot.ScriptedModels;

/// <summary>
/// What the server answers: text and/or tool calls. Token counts default to an estimate of the text (4 characters a
/// token); <paramref name="Cost"/> is reported as <c>usage.cost</c> (as OpenRouter does) when given.
/// <paramref name="FinishReason"/> overrides the finish reason (<c>length</c>: cut off at the output limit).
/// <paramref name="UsageJson"/>, when given, is sent as the <c>usage</c> object verbatim instead, so a test can answer
/// with exactly the shape a real provider sends (Gemini's thoughts outside <c>completion_tokens</c>, OpenRouter's
/// cost and cache details, an o-series model's reasoning inside <c>completion_tokens</c>).
/// </summary>
public sealed record ScriptedReply(
    string? Content,
    IReadOnlyList<ScriptedToolCall>? ToolCalls = null,
    int? InputTokens = null,
    int? OutputTokens = null,
    decimal? Cost = null,
    string? FinishReason = null,
    string? UsageJson = null);
