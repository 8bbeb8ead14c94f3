using DevBot.GrainInterfaces.Credits;

namespace DevBot.GrainInterfaces.Users;

/// <summary>A recorded purchase and, when it unblocked the user's project that had paused for credits, that project.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Users.PurchaseOutcome")]
public sealed record PurchaseOutcome(LedgerPostResult Result, Guid? ResumedProjectId);
