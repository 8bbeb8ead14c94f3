namespace DevBot.Gateway;

/// <summary>
/// A model answer as it was received for one call id, with the usage it was billed for; replayed instead of asking
/// again when a step is re-run.
/// </summary>
public sealed record RecordedResponse(string CallId, Guid? ProjectId, string MessagesJson, long InputTokens, long OutputTokens, decimal? ReportedCostUsd, long? KeyId, int ResponseMs);
