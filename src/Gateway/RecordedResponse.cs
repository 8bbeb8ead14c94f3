namespace DevBot.Gateway;

/// <summary>
/// A model answer as it was received for one call id, with everything it was billed for and how it ended; replayed
/// instead of asking again when a step is re-run.
/// </summary>
public sealed record RecordedResponse(string CallId, Guid? ProjectId, string MessagesJson, long InputTokens, long OutputTokens, decimal? ReportedCostUsd, long? KeyId, int ResponseMs)
{
    public long CachedInputTokens { get; init; }

    public long CacheWriteTokens { get; init; }

    public long ReasoningTokens { get; init; }

    /// <summary>The provider's finish reason (<c>length</c>: cut off at the output limit).</summary>
    public string? FinishReason { get; init; }

    public BilledTokens Tokens => new(InputTokens, OutputTokens, CachedInputTokens, CacheWriteTokens, ReasoningTokens);
}
