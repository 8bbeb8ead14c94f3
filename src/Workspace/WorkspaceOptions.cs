using System.ComponentModel.DataAnnotations;

namespace DevBot.Workspace;

/// <summary>Where working copies live on this machine and how commits are signed (section <c>Workspace</c>).</summary>
public sealed class WorkspaceOptions
{
    public const string SectionName = "Workspace";

    /// <summary>Folder of the working copies; a cache, rebuilt from PostgreSQL whenever it is missing or stale.</summary>
    [Required]
    public string Root { get; set; } = Path.Combine(".devbot", "workspaces");

    [Required]
    public string AuthorName { get; set; } = "DevBot";

    [Required]
    [EmailAddress]
    public string AuthorEmail { get; set; } = "devbot@users.noreply.devbot.local";

    /// <summary>A working copy untouched this long is deleted from this machine (it is rebuilt when needed).</summary>
    [Range(typeof(TimeSpan), "00:10:00", "365.00:00:00")]
    public TimeSpan CacheIdle { get; set; } = TimeSpan.FromDays(2);

    /// <summary>How often each silo clears its working copies of purged, unknown and idle projects.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan CleanupPeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Largest file an edit may create or change.</summary>
    [Range(1, 100 * 1024 * 1024)]
    public long MaxFileBytes { get; set; } = 1024 * 1024;
}
