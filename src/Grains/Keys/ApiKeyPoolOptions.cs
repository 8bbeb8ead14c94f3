using System.ComponentModel.DataAnnotations;

namespace DevBot.Grains.Keys;

/// <summary>How the key pools treat failures (section <c>ApiKeys</c>).</summary>
public sealed class ApiKeyPoolOptions
{
    public const string SectionName = "ApiKeys";

    /// <summary>Cooldown after a 429 that carried no Retry-After.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan RateLimitCooldown { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Upper bound of any cooldown, whatever Retry-After says.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan MaxCooldown { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Cooldown after a 5xx, a network failure or a timeout.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ErrorCooldown { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often last-used times and usage counts are written back (losable between writes).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan UsageFlushPeriod { get; set; } = TimeSpan.FromSeconds(15);
}
