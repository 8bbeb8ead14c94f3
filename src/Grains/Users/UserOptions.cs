using System.ComponentModel.DataAnnotations;

namespace DevBot.Grains.Users;

/// <summary>Per-user settings (section <c>Users</c>).</summary>
public sealed class UserOptions
{
    public const string SectionName = "Users";

    /// <summary>Free credits granted once, on a user's first /start.</summary>
    [Range(typeof(decimal), "0", "1000000")]
    public decimal InitialCredits { get; set; } = 200m;

    /// <summary>Below this many available credits the bot shows a low-balance hint.</summary>
    [Range(typeof(decimal), "0", "1000000")]
    public decimal LowBalanceThreshold { get; set; } = 20m;

    /// <summary>Sustained message rate a user may send.</summary>
    [Range(1, 10000)]
    public int MessagesPerMinute { get; set; } = 30;

    /// <summary>Credits each side of a referral receives when the invited user's first purchase succeeds (0: no referral bonus).</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(decimal), "0", "100000")]
    public decimal ReferralBonus { get; set; } = 50m;

    /// <summary>Messages a user may send in a burst above the sustained rate.</summary>
    [Range(1, 10000)]
    public int MessageBurst { get; set; } = 10;
}
