using System.Buffers;
using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace DevBot.Workspace.Paths;

/// <summary>
/// Confines paths to a repository's working tree and keeps its names portable, because a model's paths are
/// hostile and the delivered ZIP is unpacked on Linux, Windows and macOS alike. A relative path is accepted only if
/// it is plain (no absolute path, drive letter, UNC prefix, '.' or '..' segment, NUL or control character), no name
/// in it is .git on some file system (any case, trailing dots or spaces, characters HFS+ ignores, the NTFS short name
/// git~1, an NTFS data stream), and every name means the same everywhere: at most 255 bytes, no invisible or bidi
/// characters, no character or device name that Windows refuses, no trailing dot or space (Windows drops them).
/// On disk, no existing part may be a symbolic link or a file used as a folder, and no new name may be an existing
/// one spelled in another letter case or Unicode form.
/// </summary>
public static class RepositoryPaths
{
    /// <summary>NAME_MAX: the bytes of UTF-8 one file or folder name may have on Linux.</summary>
    public const int MaxNameBytes = 255;

    /// <summary>PATH_MAX: the bytes a whole path may have on Linux, its terminating NUL included.</summary>
    public const int MaxFullPathBytes = 4096;

    private const int MaxPathLength = 400;

    /// <summary>Characters Windows refuses in a name ('/' and '\' separate names; ':' also opens an NTFS data stream).</summary>
    private static readonly SearchValues<char> WindowsForbidden = SearchValues.Create("<>:\"|?*");

    /// <summary>
    /// Names Windows opens as devices whatever the extension: the documented ones, CONIN$/CONOUT$ and LPT0 as git
    /// refuses them (compat/mingw.c is_valid_win32_path), and the superscript-digit ports. COM0 is no device (git
    /// tested it on Windows 10), so it stays allowed as in git.
    /// </summary>
    private static readonly FrozenSet<string> DeviceNames = new[]
    {
        "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
        "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "COM\u00b9", "COM\u00b2", "COM\u00b3",
        "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT\u00b9", "LPT\u00b2", "LPT\u00b3",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The code points HFS+ leaves out of a name (git's utf8.c next_hfs_char), so '.g\u200cit' is .git on a Mac.</summary>
    private static readonly SearchValues<char> HfsIgnored = SearchValues.Create(
        "\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u206a\u206b\u206c\u206d\u206e\u206f\ufeff");

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

        var fullBytes = Encoding.UTF8.GetByteCount(full);
        if (fullBytes >= MaxFullPathBytes)
        {
            throw new PathRejectedException(path,
                $"its full path on the server is {fullBytes} bytes, and a path may have at most {MaxFullPathBytes - 1} (PATH_MAX is {MaxFullPathBytes}); use shorter names or fewer folders");
        }

        CheckExistingParts(rootFull, path, relative.Split('/'));
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
            CheckName(path, segment);
        }

        return string.Join('/', segments);
    }

    private static void CheckName(string path, string name)
    {
        if (name is "." or "..")
        {
            throw new PathRejectedException(path, "it contains a '.' or '..' segment");
        }

        if (IsGitFolderAlias(name))
        {
            throw new PathRejectedException(path, name.Equals(".git", StringComparison.OrdinalIgnoreCase)
                ? "it points into .git"
                : $"it points into .git ('{PathRejectedException.Printable(name)}' is .git on Windows or macOS)");
        }

        var bytes = Encoding.UTF8.GetByteCount(name);
        if (bytes > MaxNameBytes)
        {
            throw new PathRejectedException(path,
                $"the name '{Shortened(name)}' is {bytes} bytes of UTF-8, and a file or folder name may have at most {MaxNameBytes} bytes");
        }

        var rest = name.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var used) != OperationStatus.Done)
            {
                throw new PathRejectedException(path, "it contains an unpaired UTF-16 surrogate, which is not valid Unicode");
            }

            var invisible = Invisible(rune);
            if (invisible is not null)
            {
                throw new PathRejectedException(path, $"it contains U+{rune.Value:X4}, {invisible}; names must show what they are");
            }

            rest = rest[used..];
        }

        var forbidden = name.AsSpan().IndexOfAny(WindowsForbidden);
        if (forbidden >= 0)
        {
            throw new PathRejectedException(path, $"it contains '{name[forbidden]}', which Windows does not allow in a name"
                + (name[forbidden] == ':' ? " (on NTFS it opens a data stream of another file)" : string.Empty));
        }

        var device = DeviceNameOf(name);
        if (device is not null)
        {
            throw new PathRejectedException(path, $"'{name}' is a reserved device name on Windows ({device}), whatever its extension or case, so the project could not be unpacked there");
        }

        if (name[^1] is '.' or ' ')
        {
            throw new PathRejectedException(path,
                $"the name '{name}' ends in a dot or a space, which Windows drops, so there it would be '{name.TrimEnd('.', ' ')}'");
        }
    }

    /// <summary>
    /// Whether some file system would open .git for this name: HFS+ leaves out the characters it ignores, NTFS reads
    /// a name only up to ':' (the rest names a data stream), drops trailing dots and spaces and knows .git by its 8.3
    /// short name GIT~1 (git's path.c is_ntfs_dotgit and utf8.c is_hfs_dotgit).
    /// </summary>
    private static bool IsGitFolderAlias(string name)
    {
        var seen = name.AsSpan().ContainsAny(HfsIgnored) ? string.Concat(name.Where(c => !HfsIgnored.Contains(c))) : name;
        var stream = seen.IndexOf(':', StringComparison.Ordinal);
        var file = (stream >= 0 ? seen[..stream] : seen).TrimEnd('.', ' ');
        if (file.Equals(".git", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // .git is the first entry git creates in a tree, so it gets GIT~1; a squatter can push it to GIT~2 and on.
        return file.Length > 4 && file.StartsWith("git~", StringComparison.OrdinalIgnoreCase)
            && file[4] is >= '1' and <= '9' && !file.AsSpan(5).ContainsAnyExceptInRange('0', '9');
    }

    /// <summary>Whether Windows would open <paramref name="name"/> as a device (CON, nul.txt, COM1…).</summary>
    public static bool IsDeviceName(string name) => DeviceNameOf(name) is not null;

    private static string? DeviceNameOf(string name)
    {
        // Windows reads a device name up to the first dot and ignores spaces before it: "con .txt" is CON.
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        var stem = (dot >= 0 ? name[..dot] : name).TrimEnd(' ');
        return DeviceNames.TryGetValue(stem, out var device) ? device : null;
    }

    private static string Shortened(string name)
    {
        var shown = PathRejectedException.Printable(name);
        return shown.Length <= 40 ? shown : shown[..(char.IsHighSurrogate(shown[39]) ? 39 : 40)] + "…";
    }

    private static string? Invisible(Rune rune)
    {
        if (rune.Value is >= 0x202A and <= 0x202E or >= 0x2066 and <= 0x2069 or 0x200E or 0x200F or 0x061C)
        {
            return "a bidirectional text control, which reorders how the name is shown";
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.Format => "an invisible formatting character",
            UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => "a line or paragraph separator",
            _ => null,
        };
    }

    /// <summary>
    /// Walks the parts of the path that exist. A symbolic link could lead out of the tree; a file cannot hold
    /// other files (writing there would fail half-way); a new name that an existing one equals on Windows or macOS
    /// would be a second file on Linux but one file, overwritten, once the project is unpacked there.
    /// </summary>
    private static void CheckExistingParts(string rootFull, string path, string[] segments)
    {
        var current = rootFull;
        for (var i = 0; i < segments.Length; i++)
        {
            var parent = current;
            current = Path.Combine(current, segments[i]);
            var shown = string.Join('/', segments[..(i + 1)]);
            var info = new FileInfo(current);
            if (info.LinkTarget is not null)
            {
                throw new PathRejectedException(path, $"'{shown}' is a symbolic link");
            }

            if (Directory.Exists(current))
            {
                continue;
            }

            if (info.Exists)
            {
                if (i < segments.Length - 1)
                {
                    throw new PathRejectedException(path, $"'{shown}' is a file, not a folder, so nothing can be inside it");
                }

                continue;
            }

            var twin = ExistingTwin(parent, segments[i]);
            if (twin is not null)
            {
                var existing = string.Join('/', segments[..i].Append(twin));
                var instead = string.Join('/', segments[..i].Append(twin).Concat(segments[(i + 1)..]));
                throw new PathRejectedException(path,
                    $"it has the same name as the existing '{existing}' on Windows and macOS, which ignore letter case and Unicode spelling; write '{instead}' instead");
            }

            return;
        }
    }

    private static string? ExistingTwin(string folder, string name)
    {
        if (!Directory.Exists(folder))
        {
            return null;
        }

        var key = UnicodeCanonical.CaselessKey(name);
        var everything = new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = true, RecurseSubdirectories = false };
        return Directory.EnumerateFileSystemEntries(folder, "*", everything)
            .Select(Path.GetFileName)
            .FirstOrDefault(entry => entry is not null && entry != name && UnicodeCanonical.CaselessKey(entry) == key);
    }
}
