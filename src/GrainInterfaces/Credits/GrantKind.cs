namespace DevBot.GrainInterfaces.Credits;

/// <summary>Why credits are granted; adjustments may be negative (never below what is available).</summary>
public enum GrantKind
{
    Initial = 0,
    Referral = 1,
    Manual = 2,
    Adjustment = 3,
}
