namespace DevBot.Workspace.Paths;

/// <summary>
/// Confines paths to a repository's working tree. A relative path is accepted only if it is plain (no absolute
/// path, drive letter, UNC prefix, '..' segment, NUL or control character, '.git' segment) and no existing part of
/// it is a symbolic link, so that nothing can be read or written outside the tree or inside the git metadata.
/// </summary>
public static class RepositoryPaths
{
    private const int MaxPathLength = 400;

    /// <summary>The canonical relative path ('/'-separated) and the absolute path it names.</summary>
    /// <exception cref="PathRejectedException">The path is unsafe; the reason says why.</exception>
    public static (string Relative, string Full) Resolve(string root, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var rootFull = Path.GetFullPath(root);
        var relative = Normalize(path);
        var full = Path.GetFullPath(Path.Combine(rootFull, relative));
        if (!full.StartsWith(rootFull.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new PathRejectedException(path, "it resolves outside the repository");
        }

        var current = rootFull;
        foreach (var segment in relative.Split('/'))
        {
            current = Path.Combine(current, segment);
            var info = new FileInfo(current);
            if (info.Exists || Directory.Exists(current))
            {
                if (info.LinkTarget is not null || new DirectoryInfo(current).LinkTarget is not null)
                {
                    throw new PathRejectedException(path, $"'{Path.GetRelativePath(rootFull, current)}' is a symbolic link");
                }
            }
            else
            {
                break;
            }
        }

        return (relative, full);
    }

    /// <summary>Checks the form of a path without touching the file system.</summary>
    public static string Normalize(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new PathRejectedException(path ?? string.Empty, "it is empty");
        }

        if (path.Length > MaxPathLength)
        {
            throw new PathRejectedException(path, $"it is longer than {MaxPathLength} characters");
        }

        if (path.Any(c => c == '\0' || char.IsControl(c)))
        {
            throw new PathRejectedException(path, "it contains a NUL or control character");
        }

        var trimmed = path.Trim();
        if (trimmed.StartsWith('/') || trimmed.StartsWith('\\') || trimmed.StartsWith('~'))
        {
            throw new PathRejectedException(path, "it is absolute");
        }

        if (trimmed.Length >= 2 && char.IsAsciiLetter(trimmed[0]) && trimmed[1] == ':')
        {
            throw new PathRejectedException(path, "it has a drive letter");
        }

        var segments = trimmed.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0)
        {
            throw new PathRejectedException(path, "it names no file");
        }

        foreach (var segment in segments)
        {
            if (segment is "." or "..")
            {
                throw new PathRejectedException(path, "it contains a '.' or '..' segment");
            }

            if (segment.TrimEnd('.', ' ').Equals(".git", StringComparison.OrdinalIgnoreCase))
            {
                throw new PathRejectedException(path, "it points into .git");
            }
        }

        return string.Join('/', segments);
    }
}
