namespace DevBot.GrainInterfaces.Credits;

public enum LedgerPostStatus
{
    /// <summary>The transaction was written now.</summary>
    Posted = 0,

    /// <summary>The same idempotency key was posted before; that first outcome is returned and nothing changed.</summary>
    Replayed = 1,

    /// <summary>Taking the credits would leave less than zero available; nothing changed.</summary>
    InsufficientCredits = 2,

    /// <summary>A refund named a charge id with no purchase of this user.</summary>
    PurchaseNotFound = 3,

    /// <summary>The purchase's charge id was already used by another user's purchase; nothing changed.</summary>
    Conflict = 4,
}
