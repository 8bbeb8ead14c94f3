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
}
