using System.ComponentModel.DataAnnotations;

namespace DevBot.Silo.Hosting;

/// <summary>Cluster identity and endpoints of this silo (section <c>Orleans</c>).</summary>
public sealed class SiloHostingOptions
{
    public const string SectionName = "Orleans";

    /// <summary>Silos with the same cluster id (and database) form one cluster.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]{1,100}$")]
    public string ClusterId { get; set; } = "devbot";

    /// <summary>Keys stored grain state and reminders; keep it stable across deployments.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]{1,100}$")]
    public string ServiceId { get; set; } = "devbot";

    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Address other silos and clients reach this silo at; loopback for a one-machine setup when unset.</summary>
    public string? AdvertisedIPAddress { get; set; }

    /// <summary>
    /// The longest a stop may take before the silo stops without waiting (non-gracefully). An idle silo stops in well
    /// under a second; the bound keeps Ctrl-C, and a container's stop (SIGKILL after 10 s), inside ten seconds with the
    /// embedded PostgreSQL stopped after the silo.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(8);
}
