namespace DevBot.Gateway;

/// <summary>
/// One settled model request as the gateway saw it: who paid, the tokens billed, the USD cost and the credits the ledger
/// charged. <paramref name="Replayed"/>: a recorded answer settled again (the ledger charged it the first time).
/// </summary>
public sealed record SettledCall(string CallId, ModelRef Model, long UserId, Guid? ProjectId, string TaskType, BilledTokens Tokens,
    decimal CostUsd, decimal CreditsCharged, bool Replayed);
