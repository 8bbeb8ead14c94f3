using System.ComponentModel.DataAnnotations;

namespace DevBot.Grains.Admin;

/// <summary>The operator page's settings (section <c>Admin</c>).</summary>
public sealed class OperatorAccessOptions
{
    public const string SectionName = "Admin";

    /// <summary>Where operators reach this silo's web endpoint (the sign-in link starts with it).</summary>
    [Required]
    public string PublicUrl { get; set; } = "http://localhost:8080";

    /// <summary>How long a sign-in link works (it works once).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan SignInLinkLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a signed-in session lasts.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>A repeated incident is sent to the operators again only after this long.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan AlertThrottle { get; set; } = TimeSpan.FromHours(1);
}
