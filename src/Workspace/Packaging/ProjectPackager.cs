using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using DevBot.Workspace.Git;
using DevBot.Workspace.Paths;

namespace DevBot.Workspace.Packaging;

/// <summary>
/// Builds the delivery ZIP from what is committed at HEAD (never from stray working files): the project under
/// <c>{name}/</c>, the whole history as <c>{name}.bundle</c> (restore with <c>git clone {name}.bundle</c>), and
/// <c>MANIFEST.txt</c> (commit, every file with size and SHA-256). Telegram bots may upload at most 50 MB: a package
/// over the limit is rebuilt without the history (the manifest says so); if it is still too large,
/// <see cref="PackageTooLargeException"/> names the largest files.
/// </summary>
public static class ProjectPackager
{
    public const long TelegramUploadLimit = 50L * 1024 * 1024;

    public static async Task<ProjectPackage> CreateAsync(ProjectRepository repository, string name, long maxBytes = TelegramUploadLimit, CancellationToken cancellationToken = default)
    {
        var safeName = SafeName(name);
        var commit = repository.HeadSha ?? throw new InvalidOperationException("The project has no commits to package.");
        var files = repository.TrackedFiles()
            .Select(path => (Path: RepositoryPaths.Normalize(path), Content: repository.ReadCommitted(path) ?? []))
            .ToList();
        var bundlePath = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"devbot-package-{Guid.NewGuid():N}.bundle");
        try
        {
            await repository.CreateBundleAsync(bundlePath, cancellationToken);
            var bundle = await File.ReadAllBytesAsync(bundlePath, cancellationToken);
            var withHistory = Build(safeName, commit, files, bundle, note: null);
            if (withHistory.LongLength <= maxBytes)
            {
                return new ProjectPackage($"{safeName}.zip", withHistory, commit, Manifest(files), true, null);
            }

            var note = $"The git history ({bundle.Length / 1024 / 1024} MB) was left out so that the package fits Telegram's {maxBytes / 1024 / 1024} MB limit.";
            var withoutHistory = Build(safeName, commit, files, null, note);
            if (withoutHistory.LongLength <= maxBytes)
            {
                return new ProjectPackage($"{safeName}.zip", withoutHistory, commit, Manifest(files), false, note);
            }

            var largest = string.Join(", ", files.OrderByDescending(f => f.Content.Length).Take(5)
                .Select(f => $"{f.Path} ({f.Content.Length / 1024} KB)"));
            throw new PackageTooLargeException(
                $"The project is {withoutHistory.LongLength / 1024 / 1024} MB compressed even without its history, over the {maxBytes / 1024 / 1024} MB upload limit. Largest files: {largest}.");
        }
        finally
        {
            File.Delete(bundlePath);
        }
    }

    private static byte[] Build(string name, string commit, List<(string Path, byte[] Content)> files, byte[]? bundle, string? note)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content) in files)
            {
                Add(zip, $"{name}/{path}", content);
            }

            if (bundle is not null)
            {
                Add(zip, $"{name}.bundle", bundle);
            }

            var manifest = new StringBuilder()
                .AppendLine(CultureInfo.InvariantCulture, $"DevBot package of {name}")
                .AppendLine(CultureInfo.InvariantCulture, $"commit {commit}")
                .AppendLine(CultureInfo.InvariantCulture, $"created {DateTimeOffset.UtcNow:u}")
                .AppendLine(bundle is null ? $"history: not included. {note}" : $"history: {name}.bundle (git clone {name}.bundle {name}-history)")
                .AppendLine()
                .AppendLine("size\tsha256\tpath");
            foreach (var entry in Manifest(files))
            {
                manifest.AppendLine(CultureInfo.InvariantCulture, $"{entry.Size}\t{entry.Sha256}\t{entry.Path}");
            }

            Add(zip, "MANIFEST.txt", Encoding.UTF8.GetBytes(manifest.ToString()));
        }

        return memory.ToArray();
    }

    private static void Add(ZipArchive zip, string entryName, byte[] content)
    {
        // Entry names are relative, '/'-separated and free of '..': nothing can unpack outside the target folder.
        RepositoryPaths.Normalize(entryName);
        var entry = zip.CreateEntry(entryName, CompressionLevel.Optimal);
        entry.LastWriteTime = DateTimeOffset.UtcNow;
        using var stream = entry.Open();
        stream.Write(content);
    }

    private static List<PackageEntry> Manifest(List<(string Path, byte[] Content)> files) =>
        files.Select(f => new PackageEntry(f.Path, f.Content.LongLength, Convert.ToHexString(SHA256.HashData(f.Content)).ToLowerInvariant())).ToList();

    private static string SafeName(string name)
    {
        var cleaned = new string(name.Trim().ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        while (cleaned.Contains("--", StringComparison.Ordinal))
        {
            cleaned = cleaned.Replace("--", "-", StringComparison.Ordinal);
        }

        cleaned = cleaned.Length == 0 ? "project" : cleaned[..Math.Min(cleaned.Length, 60)].TrimEnd('-');
        // "Con" or "Nul" are fine project titles but device names on Windows, where the ZIP may be unpacked.
        return RepositoryPaths.IsDeviceName(cleaned) ? cleaned + "-project" : cleaned;
    }
}
