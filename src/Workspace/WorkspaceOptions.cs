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

    /// <summary>Largest file an edit may create or change.</summary>
    [Range(1, 100 * 1024 * 1024)]
    public long MaxFileBytes { get; set; } = 1024 * 1024;
}
