using System.Text;
using DevBot.Workspace.Paths;

namespace DevBot.Workspace.Edits;

/// <summary>
/// Applies a reply's edit blocks to a working tree, all of them or none: every block is first applied in memory
/// (later blocks see earlier ones); only if all succeed are the files written (each through a temporary file and a
/// rename), and a write failure restores what was already written. Paths are confined to the tree
/// (<see cref="RepositoryPaths"/>); binary content (NUL) and files over the size limit are refused, and so are edits
/// of protected files (<see cref="EditOptions.ProtectedPaths"/>) and content that elides lines ("// ... existing code ...").
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
                // The plan's files first: "todo.md" beside TODO.md is the plan under another spelling, and saying so
                // helps the model more than the generic refusal of a case twin would.
                CheckProtected(root, RepositoryPaths.Normalize(block.Path), options);
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

                CheckAllowed(root, relative, current.Content);
                var next = block switch
                {
                    DeleteFileBlock => current.Content is null ? throw new EditException($"DELETE {relative}: the file does not exist.") : (string?)null,
                    WholeFileBlock whole => WholeFile(current.Content, relative, whole.Content),
                    SearchReplaceBlock sr when current.Content is null => TextFile.LinesOf(sr.Search).Count == 0
                        ? WholeFile(null, relative, sr.Replace)
                        : throw new EditException($"{relative} does not exist{SameName(root, relative)}, so its SEARCH text cannot be found; to create it, leave SEARCH empty."),
                    SearchReplaceBlock sr => ApplySearchReplace(current.Content, relative, sr),
                    UnifiedDiffBlock diff when current.Content is null && diff.Hunks.Any(h => h.Before.Length > 0) && !diff.DeletesFile =>
                        throw new EditException($"{relative} does not exist{SameName(root, relative)}, so the unchanged and '-' lines of its diff cannot be found. "
                                                + $"To create it, send the complete file:\n{FormatHelp.WholeFile}"),
                    UnifiedDiffBlock diff => ApplyDiff(current.Content, relative, diff),
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
            ? new EditOutcome(false, [], [new EditFailure("?", "The reply contains no edit blocks DevBot can read.\n" + FormatHelp.Layouts)])
            : Apply(root, parsed.Blocks, options);
    }

    /// <summary>Refuses paths copied from the format example (protected files were refused before the path was resolved).</summary>
    private static void CheckAllowed(string root, string relative, string? content)
    {
        if (content is null && PathText.IsPlaceholder(relative) && !Directory.Exists(Path.Combine(root, "path", "to")))
        {
            throw new EditException($"'{relative}' uses \"path/to/\", the placeholder of the format example: name the file by its real path in the repository{SameName(root, relative)}.");
        }
    }

    /// <summary>
    /// Refuses edits of the plan's files that exist, under any spelling of their names, and of folders that installs
    /// and builds fill (node_modules/, a virtual environment, a .NET project's bin/ and obj/): they are never source,
    /// are not kept in the repository and would ship in the package.
    /// </summary>
    private static void CheckProtected(string root, string relative, EditOptions options)
    {
        var segments = relative.Split('/');
        for (var i = 0; i < segments.Length - 1; i++)
        {
            var folder = segments[i];
            var generated = folder.ToLowerInvariant() switch
            {
                "node_modules" => "npm install fills it from package.json: name the dependency in package.json instead",
                ".venv" or "venv" or "__pycache__" => "Python creates it: list dependencies in requirements.txt or pyproject.toml instead",
                "bin" or "obj" when IsDotNetProjectFolder(root, string.Join('/', segments[..i])) => "dotnet build fills it: it is build output, not source",
                _ => null,
            };
            if (generated is not null)
            {
                throw new EditException($"'{relative}' is inside {string.Join('/', segments[..(i + 1)])}/, which {generated}. Leave it out of your answer.");
            }
        }


        // "todo.md" next to TODO.md counts as TODO.md: the plan is not to be edited under another spelling either.
        if (options.IsProtected(relative) && ExistsIgnoringCase(root, relative))
        {
            throw new EditException($"{relative} is protected: DevBot keeps the plan ({string.Join(", ", options.ProtectedPaths.Order(StringComparer.Ordinal))}) itself "
                                    + $"and marks TODO items done when your edits apply. Leave {relative} out of your answer: do not edit, rewrite or delete it.");
        }
    }

    private static bool IsDotNetProjectFolder(string root, string folder)
    {
        var full = Path.Combine(root, folder);
        return Directory.Exists(full) && Directory.EnumerateFiles(full).Any(f => f.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".fsproj", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>" (did you mean a/x.py?)" for files elsewhere in the tree with the same name, else "".</summary>
    private static string SameName(string root, string relative)
    {
        var same = Directory.EnumerateFiles(root, Path.GetFileName(relative), new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 12 })
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith(".git/", StringComparison.Ordinal) && f != relative)
            .Order(StringComparer.Ordinal)
            .Take(3)
            .ToList();
        return same.Count > 0 ? $" (did you mean {string.Join(" or ", same)}?)" : string.Empty;
    }

    private static bool ExistsIgnoringCase(string root, string relative)
    {
        var current = root;
        foreach (var segment in relative.Split('/'))
        {
            var match = Directory.Exists(current)
                ? Directory.EnumerateFileSystemEntries(current).FirstOrDefault(e => string.Equals(Path.GetFileName(e), segment, StringComparison.OrdinalIgnoreCase))
                : null;
            if (match is null)
            {
                return false;
            }

            current = match;
        }

        return File.Exists(current);
    }

    /// <summary>New content for a whole file: refused when it elides lines, written with the line endings the file had.</summary>
    private static string WholeFile(string? existing, string path, string content)
    {
        var present = existing is null ? null : TextFile.Parse(existing).Lines.Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);
        var elided = Elisions.Find(TextFile.LinesOf(content), Elisions.KindOf(path), present);
        if (elided.Count > 0)
        {
            var (index, text) = elided[0];
            throw new EditException($"{path}: line {index + 1} of the new content, \"{text}\", stands for lines left out. A fenced block under a path is written as the "
                                    + "complete file, so the lines it stands for would be deleted. Send the complete file with every line written out, "
                                    + $"or change only the lines you need with a SEARCH/REPLACE block:\n{FormatHelp.SearchReplace}");
        }

        return existing is null ? content : TextFile.WithNewline(content, TextFile.NewlineOf(existing));
    }

    private static string ApplySearchReplace(string content, string path, SearchReplaceBlock block)
    {
        if (TextFile.LinesOf(block.Search).Count == 0 && content.Trim().Length == 0)
        {
            return WholeFile(content, path, block.Replace); // an empty file is filled like a new one
        }

        var file = TextFile.Parse(content);
        var error = SearchMatcher.Apply(file, path, block.Search, block.Replace);
        return error is null ? file.Render() : throw new EditException(error);
    }

    private static string? ApplyDiff(string? content, string path, UnifiedDiffBlock diff)
    {
        var creation = diff.Hunks.All(h => h.Before.Length == 0);
        if (diff.DeletesFile)
        {
            return content is null ? throw new EditException($"The diff deletes {path} (+++ /dev/null), but the file does not exist.") : null;
        }

        if (content is null)
        {
            return WholeFile(null, path, string.Concat(diff.Hunks.Select(h => h.After))); // only '+' lines: a new file
        }

        if (content.Trim().Length == 0 && creation)
        {
            return WholeFile(content, path, string.Concat(diff.Hunks.Select(h => h.After)));
        }

        if (diff.CreatesFile && creation)
        {
            throw new EditException($"The diff creates {path} (--- /dev/null), but {path} already exists. To replace it, send the complete file; to change part of it, "
                                    + $"use a SEARCH/REPLACE block:\n{FormatHelp.SearchReplace}");
        }

        var file = TextFile.Parse(content);
        foreach (var hunk in diff.Hunks)
        {
            var label = $"the hunk at line {hunk.Line}";
            if (hunk.Before.Length == 0)
            {
                throw new EditException($"{path}: {label} only adds lines, with no unchanged or '-' lines around them, so DevBot cannot tell where they go. "
                                        + $"Use a SEARCH/REPLACE block that quotes the lines next to the new ones:\n{FormatHelp.SearchReplace}");
            }

            var error = SearchMatcher.Apply(file, path, TextFile.LinesOf(hunk.Before), TextFile.LinesOf(hunk.After), label);
            if (error is not null)
            {
                throw new EditException(error + $"\nDevBot places a hunk by its lines (the @@ numbers are ignored). A SEARCH/REPLACE block is easier to get right:\n{FormatHelp.SearchReplace}");
            }
        }

        return file.Render();
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
