using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DevBot.CodeIndex;

/// <summary>
/// Which files are worth cutting into chunks. Lock files and minified or mapped bundles are generated: left out.
/// Images, licences and large data (SVG, LICENSE, a 200 KB JSON fixture) answer no question about the code but their
/// windows crowd every search: each becomes one chunk of its path and a short summary, so it can still be found by
/// name.
/// </summary>
public static partial class FileKinds
{
    /// <summary>Data files at least this large are summarized rather than chunked.</summary>
    public const int LargeDataBytes = 16 * 1024;

    private static readonly HashSet<string> LockFiles = new(StringComparer.OrdinalIgnoreCase)
    {
        "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "poetry.lock", "Pipfile.lock", "uv.lock",
        "Cargo.lock", "Gemfile.lock", "composer.lock", "go.sum", "packages.lock.json", "flake.lock", "mix.lock", "pubspec.lock",
    };

    private static readonly HashSet<string> DataExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".json", ".csv", ".tsv", ".xml", ".ndjson", ".jsonl", ".geojson", ".dat",
    };

    public static FileKind Classify(string path, string content, IReadOnlyList<string> lines)
    {
        var name = Path.GetFileName(path);
        var extension = Path.GetExtension(path);
        if (LockFiles.Contains(name) || extension.Equals(".lock", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".min.js", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".min.css", StringComparison.OrdinalIgnoreCase)
            || extension.Equals(".map", StringComparison.OrdinalIgnoreCase))
        {
            return FileKind.Skipped;
        }

        if (extension.Equals(".svg", StringComparison.OrdinalIgnoreCase) || IsLicence(name)
            || (DataExtensions.Contains(extension) && content.Length >= LargeDataBytes))
        {
            return FileKind.Summarized;
        }

        // Generated text whatever its name: very long lines on average (a minified bundle, an embedded blob).
        return content.Length >= LargeDataBytes && content.Length / Math.Max(1, lines.Count) > 400 ? FileKind.Summarized : FileKind.Code;
    }

    /// <summary>What the one chunk of a summarized file says: its path, what it is, its size, and a hint of its content.</summary>
    public static string Summary(string path, string content, IReadOnlyList<string> lines)
    {
        var extension = Path.GetExtension(path).TrimStart('.').ToLowerInvariant();
        var summary = new StringBuilder(path).Append(": ");
        if (IsLicence(Path.GetFileName(path)))
        {
            summary.Append("licence text");
        }
        else if (extension == "svg")
        {
            summary.Append("SVG image");
            var title = SvgTitle().Match(content);
            if (title.Success)
            {
                summary.Append(" titled \"").Append(title.Groups[1].Value.Trim()).Append('"');
            }
        }
        else
        {
            summary.Append(extension.Length > 0 ? extension.ToUpperInvariant() + " data" : "generated text");
        }

        summary.Append(CultureInfo.InvariantCulture, $", {lines.Count} lines, {content.Length / 1024} KB");
        var keys = extension == "json" ? TopLevelKeys(content) : null;
        if (keys is { Count: > 0 })
        {
            summary.Append("; top-level keys: ").Append(string.Join(", ", keys));
        }
        else
        {
            var first = lines.Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
            if (first is not null)
            {
                summary.Append("; begins: ").Append(first.Length > 120 ? first[..120] : first);
            }
        }

        return summary.ToString();
    }

    private static bool IsLicence(string name)
    {
        var stem = Path.GetFileNameWithoutExtension(name).ToUpperInvariant();
        return stem is "LICENSE" or "LICENCE" or "COPYING" or "NOTICE" or "UNLICENSE" || stem.StartsWith("LICENSE-", StringComparison.Ordinal);
    }

    private static List<string>? TopLevelKeys(string content)
    {
        try
        {
            using var document = JsonDocument.Parse(content, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            return document.RootElement.ValueKind switch
            {
                JsonValueKind.Object => document.RootElement.EnumerateObject().Select(p => p.Name).Take(20).ToList(),
                JsonValueKind.Array => [$"an array of {document.RootElement.GetArrayLength()} items"],
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"<title[^>]*>([^<]{1,200})</title>", RegexOptions.IgnoreCase)]
    private static partial Regex SvgTitle();
}
