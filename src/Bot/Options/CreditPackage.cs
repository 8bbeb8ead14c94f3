using System.ComponentModel.DataAnnotations;

namespace DevBot.Bot.Options;

/// <summary>Credits sold for Telegram Stars.</summary>
public sealed class CreditPackage
{
    [Range(1, 10_000_000)]
    public int Credits { get; set; }

    [Range(1, 100_000)]
    public int Stars { get; set; }

    public string? Title { get; set; }

    public string Label => Title ?? $"{Credits} credits";
}
