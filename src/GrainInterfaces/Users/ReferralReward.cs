namespace DevBot.GrainInterfaces.Users;

/// <summary>
/// The referral bonus of an invitee's first purchase: who invited them, the bonus each received, and whether it was
/// granted now (false: granted before, this was a repeat).
/// </summary>
[GenerateSerializer, Immutable, Alias("DevBot.Users.ReferralReward")]
public sealed record ReferralReward(long InviterId, decimal Bonus, bool GrantedNow);
