using System.Text.RegularExpressions;

namespace DevBot.Workspace.Edits;

/// <summary>
/// Reads the file path of a block from the line a model put it on. Models decorate the path in many ways
/// (<c>**src/app.py**</c>, <c>`src/app.py`:</c>, <c>File: src/app.py</c>, <c># src/app.py</c>, <c>1. ./src/app.py (new file)</c>);
/// the decorations are removed, and what is left must look like a path (no spaces or markup characters, an extension,
/// a folder or a well-known extensionless name), so that no file is ever created with these characters in its name and
/// a sentence is never taken for a path.
/// </summary>
internal static partial class PathText
{
    private static readonly HashSet<string> ExtensionlessNames = new(StringComparer.Ordinal)
    {
        "Makefile", "makefile", "GNUmakefile", "Dockerfile", "Containerfile", "Procfile", "Gemfile", "Rakefile", "Brewfile",
        "Vagrantfile", "Jenkinsfile", "Justfile", "justfile", "Caddyfile", "Pipfile", "Podfile", "Snakefile", "LICENSE",
        "LICENCE", "README", "CHANGELOG", "AUTHORS", "CODEOWNERS", "NOTICE", "VERSION", "BUILD", "WORKSPACE",
    };

    // Language tags that contain a dot, so that ```node.js is not taken for a file named node.js.
    private static readonly HashSet<string> DottedLanguages = new(StringComparer.OrdinalIgnoreCase)
    {
        "node.js", "vue.js", "next.js", "nuxt.js", "react.js", "express.js", "three.js", "d3.js", "chart.js", "socket.io",
        "asp.net", "ado.net", "vb.net",
    };

    /// <summary>A path standing alone on a line (with decorations), or null when the line is anything else.</summary>
    public static PathCandidate? FromLine(string line)
    {
        var value = line.Trim();
        if (value.Length is 0 or > 300)
        {
            return null;
        }

        var html = HtmlCommentRegex().Match(value);
        if (html.Success)
        {
            value = html.Groups[1].Value.Trim();
        }

        value = value.Replace("*", string.Empty, StringComparison.Ordinal).Replace("`", string.Empty, StringComparison.Ordinal).Trim();
        value = BulletRegex().Replace(value, string.Empty);
        value = CommentPrefixRegex().Replace(value, string.Empty);
        value = LabelRegex().Replace(value, string.Empty).Trim().Trim('"', '\'').Trim();
        value = value.TrimEnd(':').TrimEnd();

        string? partial = null;
        var annotation = AnnotationRegex().Match(value);
        if (annotation.Success && IsPlainPath(value[..annotation.Index]))
        {
            var note = annotation.Groups["paren"].Success ? annotation.Groups["paren"].Value : annotation.Groups["dash"].Value;
            if (PartialRegex().IsMatch(note))
            {
                partial = note.Trim();
            }

            value = value[..annotation.Index].TrimEnd().TrimEnd(':');
        }

        // Markdown escapes an underscore as \_; no generated project has a backslash in a file name, so any other
        // backslash separates folders (a Windows-style path).
        value = value.Replace("\\_", "_", StringComparison.Ordinal).Replace('\\', '/');
        while (value.StartsWith("./", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        return IsPlainPath(value) ? new PathCandidate(value, partial) : null;
    }

    /// <summary>
    /// The path in a fence's info string: <c>```python src/app.py</c>, <c>```src/app.py</c>,
    /// <c>```typescript:src/app.ts</c> (Cursor) or <c>```js filename=src/app.js</c> / <c>title="src/app.js"</c>.
    /// </summary>
    public static PathCandidate? FromInfo(string info)
    {
        var tokens = info.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i].Trim('{', '}', ',');
            string candidate;
            var equals = token.IndexOf('=', StringComparison.Ordinal);
            var colon = token.IndexOf(':', StringComparison.Ordinal);
            if (equals > 0)
            {
                var key = token[..equals].ToLowerInvariant();
                if (key is not ("title" or "file" or "filename" or "path" or "name"))
                {
                    continue;
                }

                candidate = token[(equals + 1)..].Trim('"', '\'');
            }
            else if (colon > 0 && i == 0)
            {
                candidate = token[(colon + 1)..];
            }
            else if (i == 0 && (DottedLanguages.Contains(token) || token.StartsWith('.')
                                || !token.Contains('.', StringComparison.Ordinal) && !token.Contains('/', StringComparison.Ordinal)))
            {
                continue;
            }
            else
            {
                candidate = token;
            }

            if (FromLine(candidate) is { } path)
            {
                return path;
            }
        }

        return null;
    }

    /// <summary>
    /// A prose line that names its file in backticks and leads into the block, such as "In `src/app.py`:": the
    /// one backticked path when there is exactly one.
    /// </summary>
    public static string? FromProse(string line)
    {
        var trimmed = line.Trim().TrimEnd('*').TrimEnd();
        if (!trimmed.EndsWith(':'))
        {
            return null;
        }

        var paths = BacktickRegex().Matches(trimmed)
            .Select(m => FromLine(m.Groups[1].Value))
            .Where(p => p is { PartialNote: null })
            .Select(p => p!.Value.Path)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return paths.Count == 1 ? paths[0] : null;
    }

    /// <summary>
    /// The path a heading or lead-in ends with ("### Changes to src/app.py", "Add this to requirements.txt:"): such a
    /// line announces the block below it as that file, yet may introduce only part of it.
    /// </summary>
    public static string? EndingIn(string line)
    {
        var trimmed = line.Trim();
        if (!trimmed.StartsWith('#') && !trimmed.TrimEnd('*', '`').EndsWith(':'))
        {
            return null;
        }

        var words = trimmed.TrimEnd(':', '*', '`', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length > 1 && FromLine(words[^1]) is { } path ? path.Path : null;
    }

    /// <summary>Whether <paramref name="path"/> uses the placeholder folder of the format example ("path/to/…").</summary>
    public static bool IsPlaceholder(string path) => path.StartsWith("path/to/", StringComparison.OrdinalIgnoreCase);

    private static bool IsPlainPath(string value)
    {
        if (value.Length == 0 || !PlainPathRegex().IsMatch(value) || value.EndsWith('.') || value.EndsWith('/')
            || value.StartsWith('-') || value.Contains("//", StringComparison.Ordinal))
        {
            return false;
        }

        var name = value[(value.LastIndexOf('/') + 1)..];
        return value.Contains('/', StringComparison.Ordinal) || ExtensionlessNames.Contains(name) || ExtensionRegex().IsMatch(name)
               || DotFileRegex().IsMatch(name);
    }

    [GeneratedRegex(@"^<!--\s*(.*?)\s*-->$")]
    private static partial Regex HtmlCommentRegex();

    [GeneratedRegex(@"^(?:[-+•]|\d{1,3}[.)])\s+")]
    private static partial Regex BulletRegex();

    [GeneratedRegex(@"^(?:#{1,6}|/{2,}|--|;+)\s*")]
    private static partial Regex CommentPrefixRegex();

    [GeneratedRegex(@"^(?:(?:new|updated|modified|changed|create|created|edit|edited|full|complete)\s+)?(?:file\s*(?:name|path)?|path|filename)\s*[:=]\s*", RegexOptions.IgnoreCase)]
    private static partial Regex LabelRegex();

    [GeneratedRegex(@"(?:\s+\((?<paren>[^()]*)\)|\s+[-–—]\s+(?<dash>[\w ,.'-]+))$")]
    private static partial Regex AnnotationRegex();

    [GeneratedRegex(@"\b(?:partial|excerpt|excerpted|snippet|fragment|only|part|parts|portion|section|sections|changes|diff|patch|relevant|snip|snipped|addition|additions|append|insert|add|truncated|abbreviated|simplified)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PartialRegex();

    [GeneratedRegex(@"`([^`\s]+)`")]
    private static partial Regex BacktickRegex();

    [GeneratedRegex(@"^[\p{L}\p{N}._\-/+@\[\]()$%,=]+$")]
    private static partial Regex PlainPathRegex();

    [GeneratedRegex(@"^[^.]+(?:\.[\p{L}\p{N}_+-]+)*\.[\p{N}_+-]*\p{L}[\p{L}\p{N}_+-]*$")]
    private static partial Regex ExtensionRegex();

    [GeneratedRegex(@"^\.[\p{L}\p{N}_][\p{L}\p{N}._+-]*$")]
    private static partial Regex DotFileRegex();
}
