namespace DevBot.Workspace.Paths;

/// <summary>
/// The names one reply's blocks use, so that two blocks cannot create one name in two spellings (letter case,
/// Unicode form: one file on Windows and macOS, two on Linux) and no name is both a file and a folder (writing would
/// fail half-way). <see cref="RepositoryPaths.Resolve"/> compares a path with the tree; this compares it with the
/// reply's other paths, which are not on disk yet.
/// </summary>
public sealed class ClaimedPaths(string root)
{
    private readonly string _root = Path.GetFullPath(root);
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _folders = new(StringComparer.Ordinal);

    /// <summary>Records a path already accepted by <see cref="RepositoryPaths.Resolve"/> (its relative form).</summary>
    /// <exception cref="PathRejectedException">An earlier block used the name in another spelling or as the other kind.</exception>
    public void Claim(string path, string relative)
    {
        var segments = relative.Split('/');
        var keys = segments.Select(UnicodeCanonical.CaselessKey).ToArray();
        for (var i = 0; i < segments.Length; i++)
        {
            var spelled = string.Join('/', segments[..(i + 1)]);
            var key = string.Join('/', keys[..(i + 1)]);
            var isFile = i == segments.Length - 1;
            if ((isFile ? _folders : _files).TryGetValue(key, out var other) && !BothExist(other, spelled))
            {
                throw new PathRejectedException(path,
                    $"another block of this reply uses '{other}' as a {(isFile ? "folder" : "file")}, so '{spelled}' would be both a file and a folder");
            }

            if ((isFile ? _files : _folders).TryGetValue(key, out var earlier) && earlier != spelled && !BothExist(earlier, spelled))
            {
                throw new PathRejectedException(path,
                    $"another block of this reply names '{earlier}', which has the same name as '{spelled}' on Windows and macOS (they ignore letter case and Unicode spelling); use one spelling");
            }
        }

        for (var i = 0; i < segments.Length - 1; i++)
        {
            _folders.TryAdd(string.Join('/', keys[..(i + 1)]), string.Join('/', segments[..(i + 1)]));
        }

        _files.TryAdd(string.Join('/', keys), relative);
    }

    // Twins a tree already holds (from a history made before these rules) are two names here; editing them adds none.
    private bool BothExist(string one, string other) => Exists(one) && Exists(other);

    private bool Exists(string relative)
    {
        var full = Path.Combine(_root, relative);
        return File.Exists(full) || Directory.Exists(full);
    }
}
