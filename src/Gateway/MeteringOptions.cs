using System.ComponentModel.DataAnnotations;

namespace DevBot.Gateway;

/// <summary>
/// The credit conversion the gateway uses to size reservations. It binds the same <c>Credits</c> keys as the
/// ledger's options, so both agree on what a credit is worth.
/// </summary>
public sealed class MeteringOptions
{
    public const string SectionName = "Credits";

    [Range(typeof(decimal), "0.000001", "1000")]
    public decimal CreditValueUsd { get; set; } = 0.01m;

    [Range(typeof(decimal), "0", "100")]
    public decimal Markup { get; set; } = 1.5m;

    /// <summary>Characters per token assumed when estimating a prompt (low, so reservations err on the high side).</summary>
    [Range(1, 10)]
    public int CharactersPerToken { get; set; } = 3;

    /// <summary>
    /// How long a request whose reservation the user's balance covers, but not while other requests of theirs hold
    /// credits (steps running beside each other each hold their worst case), waits for those holds to settle before it
    /// is refused for want of credits. 0: refused at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:30:00")]
    public TimeSpan WaitForHeldCredits { get; set; } = TimeSpan.FromMinutes(3);
}
