namespace DevBot.GrainInterfaces.Users;

/// <summary>What became of a <c>/start ref_CODE</c>.</summary>
public enum InvitationOutcome
{
    /// <summary>Recorded: the bonus comes with the first purchase.</summary>
    Recorded = 0,

    /// <summary>No user has that code.</summary>
    UnknownCode = 1,

    /// <summary>The user's own code.</summary>
    OwnCode = 2,

    /// <summary>Only a newcomer (no projects, no purchases, nobody invited yet, not invited before) can be invited.</summary>
    NotEligible = 3,
}
