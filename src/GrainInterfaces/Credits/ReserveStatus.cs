namespace DevBot.GrainInterfaces.Credits;

public enum ReserveStatus
{
    Reserved = 0,

    /// <summary>This call id already holds credits; the existing hold is returned.</summary>
    Replayed = 1,

    /// <summary>Not enough available credits: the request must not be sent.</summary>
    InsufficientCredits = 2,

    /// <summary>This call id was already charged: the caller must replay the recorded response, not ask again.</summary>
    AlreadySettled = 3,

    /// <summary>No price is known for the model: the request must not be sent (it would be charged at zero).</summary>
    UnknownModel = 4,

    /// <summary>The call id belongs to another user.</summary>
    Conflict = 5,

    /// <summary>The user's daily or monthly credit limit does not cover the request (<see cref="ReserveResult.Limit"/> says which).</summary>
    LimitReached = 6,
}
