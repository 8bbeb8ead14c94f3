using System.ComponentModel.DataAnnotations;

namespace DevBot.Workspace.Stacks;

/// <summary>How generated projects' dependencies are installed and their checks run (section <c>Stacks</c>).</summary>
public sealed class StackOptions
{
    public const string SectionName = "Stacks";

    /// <summary>
    /// The package registries each ecosystem's install may reach (host names, <c>*.domain</c>, or an exact
    /// <c>address:port</c>); nothing else is reachable from the sandbox.
    /// </summary>
    public Dictionary<string, List<string>> Registries { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["npm"] = ["registry.npmjs.org"],
        ["nuget"] = ["api.nuget.org"],
        ["pypi"] = ["pypi.org", "files.pythonhosted.org"],
        ["go"] = ["proxy.golang.org", "sum.golang.org"],
        ["cargo"] = ["index.crates.io", "static.crates.io", "crates.io"],
    };

    /// <summary>
    /// A mirror or proxy that replaces an ecosystem's public registry (npm, pypi, go): its URL's host is allowed and
    /// the package manager is pointed at it.
    /// </summary>
    public Dictionary<string, string> Mirrors { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Package caches, one per user and ecosystem, so a user's second project does not download the world again.
    /// Default: <c>/var/tmp/devbot-{uid}/package-caches</c>. Every folder above it must let other users pass (x):
    /// sandboxed runs bind it as a uid of their own.
    /// </summary>
    public string? CacheRoot { get; set; }

    /// <summary>A cache larger than this is emptied before the next install.</summary>
    [Range(64, 1024 * 1024)]
    public int CacheMegabytes { get; set; } = 4096;

    /// <summary>
    /// Installed dependencies (node_modules, a virtual environment), one folder per project, kept between runs.
    /// Default: <c>/var/tmp/devbot-{uid}/dependencies</c>; the same rule as <see cref="CacheRoot"/>.
    /// </summary>
    public string? DependencyRoot { get; set; }

    /// <summary>A user's package caches untouched for this long are deleted.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan CacheIdle { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Installed dependencies larger than this fail the install.</summary>
    [Range(16, 1024 * 1024)]
    public int DependencyMegabytes { get; set; } = 2048;

    [Range(typeof(TimeSpan), "00:00:10", "02:00:00")]
    public TimeSpan InstallTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Deadline of the check that runs after each TODO item (build and the project's tests).</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan CheckTimeout { get; set; } = TimeSpan.FromMinutes(3);
}
