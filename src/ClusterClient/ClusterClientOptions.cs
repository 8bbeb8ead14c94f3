using System.ComponentModel.DataAnnotations;

namespace DevBot.ClusterClient;

/// <summary>How the client finds the cluster (section <c>Orleans</c>).</summary>
public sealed class ClusterClientOptions
{
    public const string SectionName = "Orleans";

    [Required]
    public string ClusterId { get; set; } = "devbot";

    [Required]
    public string ServiceId { get; set; } = "devbot";

    /// <summary>Gateway used when no database is configured (a silo on this machine with embedded PostgreSQL).</summary>
    [Required]
    public string Gateway { get; set; } = "127.0.0.1:30000";
}
