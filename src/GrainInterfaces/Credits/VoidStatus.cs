namespace DevBot.GrainInterfaces.Credits;

public enum VoidStatus
{
    Voided = 0,

    /// <summary>The hold was already closed without a charge (voided or expired); nothing changed.</summary>
    Replayed = 1,

    /// <summary>The request was already charged; voiding does not undo a charge.</summary>
    AlreadySettled = 2,

    HoldNotFound = 3,
}
