using System.Text;
using DevBot.Workspace.Paths;

namespace DevBot.Workspace.Edits;

/// <summary>
/// Applies a reply's edit blocks to a working tree, all of them or none: every block is first applied in memory
/// (later blocks see earlier ones); only if all succeed are the files written (each through a temporary file and a
/// rename), and a write failure restores what was already written. Paths are confined to the tree
/// (<see cref="RepositoryPaths"/>); binary content (NUL) and files over the size limit are refused.
/// </summary>
public static class EditApplier
{
    public static EditOutcome Apply(string root, IEnumerable<EditBlock> blocks, EditOptions? options = null)
    {
        options ??= new EditOptions();
        var pending = new Dictionary<string, (string Full, string? Content, bool Existed)>(StringComparer.Ordinal);
        var failures = new List<EditFailure>();
        var claimed = new ClaimedPaths(root);
        foreach (var block in blocks)
        {
            try
            {
                var (relative, full) = RepositoryPaths.Resolve(root, block.Path);
                claimed.Claim(block.Path, relative);
                if (Directory.Exists(full))
                {
                    throw new PathRejectedException(block.Path, "it is a directory");
                }

                if (!pending.TryGetValue(relative, out var current))
                {
                    var exists = File.Exists(full);
                    current = (full, exists ? ReadText(full, relative, options) : null, exists);
                }

                var next = block switch
                {
                    DeleteFileBlock => current.Content is null ? throw new EditException($"DELETE {relative}: the file does not exist.") : (string?)null,
                    WholeFileBlock whole => whole.Content,
                    SearchReplaceBlock sr when current.Content is null => TextFile.LinesOf(sr.Search).Count == 0
                        ? sr.Replace
                        : throw new EditException($"{relative} does not exist, so its SEARCH text cannot be found; to create it, leave SEARCH empty."),
                    SearchReplaceBlock sr => ApplySearchReplace(current.Content, relative, sr),
                    _ => throw new EditException($"Unknown edit kind for {relative}."),
                };
                if (next is not null)
                {
                    CheckContent(relative, next, options);
                }

                pending[relative] = (full, next, current.Existed);
            }
            catch (PathRejectedException ex)
            {
                failures.Add(new EditFailure(block.Path, ex.Message));
            }
            catch (EditException ex)
            {
                failures.Add(new EditFailure(block.Path, ex.Message));
            }
        }

        if (failures.Count > 0)
        {
            return new EditOutcome(false, [], failures);
        }

        var changed = pending.Where(p => p.Value.Content is not null || p.Value.Existed).ToList();
        Write(root, changed.Select(p => (p.Key, p.Value.Full, p.Value.Content)).ToList());
        return new EditOutcome(true, changed.Select(p => p.Key).Order(StringComparer.Ordinal).ToList(), []);
    }

    /// <summary>Parses a model reply and applies it; malformed blocks fail the reply like failed ones.</summary>
    public static EditOutcome ApplyReply(string root, string reply, EditOptions? options = null)
    {
        var parsed = EditParser.Parse(reply);
        if (parsed.Problems.Count > 0)
        {
            return new EditOutcome(false, [], parsed.Problems);
        }

        return parsed.Blocks.Count == 0
            ? new EditOutcome(false, [], [new EditFailure("?", "The reply contains no edit blocks.")])
            : Apply(root, parsed.Blocks, options);
    }

    private static string ApplySearchReplace(string content, string path, SearchReplaceBlock block)
    {
        var file = TextFile.Parse(content);
        var error = SearchMatcher.Apply(file, path, block.Search, block.Replace);
        return error is null ? file.Render() : throw new EditException(error);
    }

    private static string ReadText(string full, string relative, EditOptions options)
    {
        var info = new FileInfo(full);
        if (info.Length > options.MaxFileBytes)
        {
            throw new EditException($"{relative} is larger than {options.MaxFileBytes} bytes; it cannot be edited.");
        }

        var bytes = File.ReadAllBytes(full);
        if (bytes.AsSpan().IndexOf((byte)0) >= 0)
        {
            throw new EditException($"{relative} is a binary file; it cannot be edited as text.");
        }

        return Encoding.UTF8.GetString(bytes);
    }

    private static void CheckContent(string relative, string content, EditOptions options)
    {
        if (content.Contains('\0', StringComparison.Ordinal))
        {
            throw new EditException($"The new content of {relative} contains NUL characters (binary data is not accepted).");
        }

        if (Encoding.UTF8.GetByteCount(content) > options.MaxFileBytes)
        {
            throw new EditException($"The new content of {relative} is larger than {options.MaxFileBytes} bytes.");
        }
    }

    private static void Write(string root, List<(string Relative, string Full, string? Content)> changes)
    {
        var originals = new List<(string Full, byte[]? Bytes)>();
        try
        {
            foreach (var (relative, full, content) in changes)
            {
                // Check again right before writing: the tree may have changed since the dry run.
                RepositoryPaths.Resolve(root, relative);
                originals.Add((full, File.Exists(full) ? File.ReadAllBytes(full) : null));
                if (content is null)
                {
                    File.Delete(full);
                    continue;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(full)!);

                // Not the target's name plus a suffix: a name may already use all of NAME_MAX, and a random name
                // cannot be planted beforehand. CreateNew (O_EXCL) never follows a link that appears in the meantime.
                var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".devbot-{Guid.NewGuid():N}.tmp");
                using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
                {
                    stream.Write(new UTF8Encoding(false).GetBytes(content));
                }

                File.Move(temporary, full, overwrite: true);
            }
        }
        catch
        {
            foreach (var (full, bytes) in originals)
            {
                if (bytes is null)
                {
                    File.Delete(full);
                }
                else
                {
                    File.WriteAllBytes(full, bytes);
                }
            }

            throw;
        }
    }
}
