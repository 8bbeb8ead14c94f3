namespace DevBot.GrainInterfaces.Credits;

public enum SettleStatus
{
    Settled = 0,

    /// <summary>The actual cost exceeded what was available; the charge was capped at it (available is now zero).</summary>
    SettledPartially = 1,

    /// <summary>Already settled; the first charge is returned and nothing changed.</summary>
    Replayed = 2,

    /// <summary>No hold of this user has this call id.</summary>
    HoldNotFound = 3,

    /// <summary>The hold was voided (the caller reported the request failed); nothing is charged.</summary>
    HoldVoided = 4,
}
