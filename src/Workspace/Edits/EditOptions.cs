namespace DevBot.Workspace.Edits;

/// <summary>
/// Limits for applying a reply. <see cref="ProtectedPaths"/> are files a model may create when they are missing but
/// never edit, rewrite or delete once they exist (compared without regard to case, so "todo.md" is caught too): by
/// default the plan DevBot keeps itself — TODO.md, whose items DevBot marks done, and the Architect's documents.
/// </summary>
public sealed record EditOptions(long MaxFileBytes = 1024 * 1024)
{
    public static IReadOnlySet<string> DefaultProtectedPaths { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "TODO.md",
        "docs/requirements.md",
        "docs/architecture.md",
        "docs/api_documentation.md",
        "docs/deployment_guide.md",
    };

    public static IReadOnlySet<string> NoProtectedPaths { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    public IReadOnlySet<string> ProtectedPaths { get; init; } = DefaultProtectedPaths;

    /// <summary>Whether <paramref name="relative"/> (a '/'-separated repository path) is protected.</summary>
    public bool IsProtected(string relative)
    {
        var path = Plain(relative);
        return ProtectedPaths.Any(p => string.Equals(Plain(p), path, StringComparison.OrdinalIgnoreCase));
    }

    private static string Plain(string path)
    {
        var value = path.Replace('\\', '/');
        while (value.StartsWith("./", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        return value;
    }
}
