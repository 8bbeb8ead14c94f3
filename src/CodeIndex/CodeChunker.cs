using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace DevBot.CodeIndex;

/// <summary>
/// Cuts files into chunks along their declarations: Python by indentation; C#, Java, JavaScript/TypeScript and Go by
/// declaration lines and brace matching (a type that fits stays whole, a larger one is cut into its members);
/// markdown by headings; anything else in windows of lines. Code between declarations (imports, statements) forms
/// windows of its own, so every line of a file belongs to exactly one chunk.
/// </summary>
public static partial class CodeChunker
{
    public const int MaxChunkLines = 120;
    public const int WindowLines = 60;

    private enum Language
    {
        Other,
        Python,
        CSharp,
        Java,
        Script,
        Go,
        Markdown,
    }

    public static List<CodeChunk> Chunk(string path, string content)
    {
        var lines = content.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (lines.Length > 0 && lines[^1].Length == 0)
        {
            lines = lines[..^1];
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var chunks = new List<CodeChunk>();
        switch (FileKinds.Classify(path, content, lines))
        {
            case FileKind.Skipped:
                return chunks;
            case FileKind.Summarized:
                Add(chunks, ids, path, FileKinds.Summary(path, content, lines), 0, Math.Max(0, lines.Length - 1), "file", System.IO.Path.GetFileName(path));
                return chunks;
        }

        var language = LanguageOf(path);
        var spans = language switch
        {
            Language.Python => PythonSpans(lines),
            Language.CSharp or Language.Java or Language.Script or Language.Go => BraceSpans(lines, language),
            Language.Markdown => MarkdownSpans(lines),
            _ => [],
        };

        var covered = 0;
        foreach (var declared in spans.OrderBy(s => s.Start))
        {
            if (declared.Start < covered)
            {
                continue;
            }

            // Attributes, decorators and doc comments right above a declaration belong to it: alone they are tiny
            // chunks that say nothing, and identical ones (every "[Fact]") would collide.
            var span = language is Language.Markdown or Language.Other ? declared : declared with { Start = LeadingStart(lines, declared.Start, covered) };
            AddWindows(chunks, ids, path, lines, covered, span.Start - 1, "code", null);
            if (span.End - span.Start + 1 > MaxChunkLines)
            {
                AddWindows(chunks, ids, path, lines, span.Start, span.End, span.Kind, span.Symbol);
            }
            else
            {
                Add(chunks, ids, path, lines, span.Start, span.End, span.Kind, span.Symbol);
            }

            covered = span.End + 1;
        }

        AddWindows(chunks, ids, path, lines, covered, lines.Length - 1, language == Language.Other ? "text" : "code", null);
        return chunks;
    }

    /// <summary>
    /// The first line of the attributes, decorators and comments directly above line <paramref name="start"/> (no
    /// blank line between), not above <paramref name="floor"/>. A multi-line attribute or decorator (its arguments
    /// over several lines) counts whole; lines that only close brackets opened by something else are left alone.
    /// </summary>
    private static int LeadingStart(string[] lines, int start, int floor)
    {
        var safe = start;
        var open = 0;
        for (var i = start - 1; i >= floor; i--)
        {
            var text = lines[i].Trim();
            if (text.Length == 0)
            {
                break;
            }

            var balance = 0;
            foreach (var c in StripLiterals(text))
            {
                balance += c is ')' or ']' or '}' ? 1 : c is '(' or '[' or '{' ? -1 : 0;
            }

            var marked = text[0] is '@' or '[' || IsComment(text);
            if (open == 0 && !marked && balance <= 0)
            {
                break;
            }

            open += balance;
            if (open < 0 || (open == 0 && balance < 0 && !marked))
            {
                // Brackets opened here were not an attribute's: whatever this is, it is not the declaration's.
                break;
            }

            if (open == 0)
            {
                safe = i;
            }
        }

        return safe;
    }

    private static bool IsComment(string trimmed) =>
        trimmed.StartsWith("//", StringComparison.Ordinal) || trimmed.StartsWith("/*", StringComparison.Ordinal)
        || trimmed.StartsWith('*') || trimmed.StartsWith('#');

    private static Language LanguageOf(string path) => System.IO.Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".py" => Language.Python,
        ".cs" => Language.CSharp,
        ".java" or ".kt" or ".scala" => Language.Java,
        ".js" or ".jsx" or ".ts" or ".tsx" or ".mjs" or ".cjs" => Language.Script,
        ".go" => Language.Go,
        ".md" or ".markdown" => Language.Markdown,
        _ => Language.Other,
    };

    private static void AddWindows(List<CodeChunk> chunks, HashSet<string> ids, string path, string[] lines, int from, int to, string kind, string? symbol)
    {
        for (var start = from; start <= to; start += WindowLines)
        {
            var end = Math.Min(to, start + WindowLines - 1);
            if (Enumerable.Range(start, end - start + 1).Any(i => lines[i].Trim().Length > 0))
            {
                Add(chunks, ids, path, lines, start, end, kind, symbol);
            }
        }
    }

    private static void Add(List<CodeChunk> chunks, HashSet<string> ids, string path, string[] lines, int start, int end, string kind, string? symbol) =>
        Add(chunks, ids, path, string.Join('\n', lines[start..(end + 1)]), start, end, kind, symbol);

    /// <summary>
    /// The id hashes path and content, so a chunk that only moves keeps its id (and vector); the second and later
    /// copies of the same content in one file get the copy's number hashed in too, so each keeps its own position.
    /// </summary>
    private static void Add(List<CodeChunk> chunks, HashSet<string> ids, string path, string content, int start, int end, string kind, string? symbol)
    {
        var key = path + "\n" + content;
        var id = Hash(key);
        for (var copy = 2; !ids.Add(id); copy++)
        {
            id = Hash(key + "\n#" + copy.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        chunks.Add(new CodeChunk(id, path, start + 1, end + 1, kind, symbol, content));
    }

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..20].ToLowerInvariant();

    private static List<Span> PythonSpans(string[] lines)
    {
        var spans = new List<Span>();
        var classes = new List<(int Start, int Indent)>();
        for (var i = 0; i < lines.Length; i++)
        {
            var match = PythonDeclaration().Match(lines[i]);
            if (!match.Success)
            {
                continue;
            }

            var indent = match.Groups["indent"].Value.Length;
            var start = i;
            var end = i;
            for (var j = i + 1; j < lines.Length; j++)
            {
                var text = lines[j];
                if (text.Trim().Length == 0)
                {
                    continue;
                }

                if (text.Length - text.TrimStart().Length <= indent && !text.TrimStart().StartsWith('#'))
                {
                    break;
                }

                end = j;
            }

            var kind = match.Groups["kind"].Value == "class" ? "class" : indent > 0 ? "method" : "function";
            var span = new Span(start, end, kind, match.Groups["name"].Value, indent);
            if (kind == "class")
            {
                classes.Add((start, indent));
            }

            spans.Add(span);
        }

        return Outermost(spans);
    }

    private static List<Span> BraceSpans(string[] lines, Language language)
    {
        var patterns = language switch
        {
            Language.CSharp => new[] { CSharpType(), CSharpMember() },
            Language.Java => [JavaType(), JavaMember()],
            Language.Go => [GoDeclaration()],
            _ => [ScriptDeclaration(), ScriptMethod()],
        };
        var spans = new List<Span>();
        var depths = Depths(lines);
        for (var i = 0; i < lines.Length; i++)
        {
            if (depths[i] > 2)
            {
                continue;
            }

            foreach (var pattern in patterns)
            {
                var match = pattern.Match(lines[i]);
                if (!match.Success || match.Groups["name"].Value is "if" or "for" or "while" or "switch" or "catch" or "return" or "using" or "lock")
                {
                    continue;
                }

                var end = BlockEnd(lines, i);
                if (end >= i)
                {
                    var kind = match.Groups["kind"].Success && match.Groups["kind"].Value.Length > 0 ? match.Groups["kind"].Value : "function";
                    spans.Add(new Span(i, end, kind, match.Groups["name"].Value, depths[i]));
                }

                break;
            }
        }

        return Outermost(spans);
    }

    /// <summary>Keeps declarations that fit whole; a too-large one is replaced by the declarations inside it.</summary>
    private static List<Span> Outermost(List<Span> spans)
    {
        var result = new List<Span>();
        foreach (var span in spans.OrderBy(s => s.Start).ThenByDescending(s => s.End))
        {
            var parent = result.LastOrDefault(r => r.Start <= span.Start && r.End >= span.End && r != span);
            if (parent is null)
            {
                result.Add(span);
            }
            else if (parent.End - parent.Start + 1 > MaxChunkLines && spans.Count(s => s.Start > parent.Start && s.End <= parent.End) > 0)
            {
                result.Remove(parent);
                result.Add(span);
            }
        }

        return result.OrderBy(s => s.Start).ToList();
    }

    private static List<Span> MarkdownSpans(string[] lines)
    {
        var spans = new List<Span>();
        var headings = Enumerable.Range(0, lines.Length).Where(i => MarkdownHeading().IsMatch(lines[i])).ToList();
        for (var h = 0; h < headings.Count; h++)
        {
            var end = h + 1 < headings.Count ? headings[h + 1] - 1 : lines.Length - 1;
            spans.Add(new Span(headings[h], end, "section", MarkdownHeading().Match(lines[headings[h]]).Groups[1].Value.Trim(), 0));
        }

        return spans;
    }

    /// <summary>Brace depth at the start of each line, ignoring braces in strings and // comments.</summary>
    private static int[] Depths(string[] lines)
    {
        var depths = new int[lines.Length];
        var depth = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            depths[i] = depth;
            depth = Math.Max(0, depth + BraceDelta(lines[i]));
        }

        return depths;
    }

    private static int BlockEnd(string[] lines, int start)
    {
        var depth = 0;
        var opened = false;
        for (var j = start; j < lines.Length && j < start + 5000; j++)
        {
            var stripped = StripLiterals(lines[j]);
            foreach (var c in stripped)
            {
                if (c == '{')
                {
                    depth++;
                    opened = true;
                }
                else if (c == '}')
                {
                    depth--;
                    if (opened && depth <= 0)
                    {
                        return j;
                    }
                }
            }

            if (!opened && (stripped.TrimEnd().EndsWith(';') || stripped.Contains("=>", StringComparison.Ordinal) && stripped.TrimEnd().EndsWith(';')))
            {
                return j;
            }
        }

        return opened ? lines.Length - 1 : -1;
    }

    private static int BraceDelta(string line)
    {
        var delta = 0;
        foreach (var c in StripLiterals(line))
        {
            delta += c == '{' ? 1 : c == '}' ? -1 : 0;
        }

        return delta;
    }

    internal static string StripLiterals(string line)
    {
        var result = new StringBuilder(line.Length);
        char quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0')
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = '\0';
                }

                continue;
            }

            if (c is '"' or '\'' or '`')
            {
                quote = c;
                continue;
            }

            if (c == '/' && i + 1 < line.Length && line[i + 1] == '/')
            {
                break;
            }

            result.Append(c);
        }

        return result.ToString();
    }

    private sealed record Span(int Start, int End, string Kind, string? Symbol, int Depth);

    [GeneratedRegex(@"^(?<indent>\s*)(?:async\s+)?(?<kind>def|class)\s+(?<name>\w+)")]
    private static partial Regex PythonDeclaration();

    [GeneratedRegex(@"^\s*(?:\[[^\]]*\]\s*)*(?:(?:public|private|protected|internal|static|sealed|abstract|partial|readonly|unsafe|new|file|required|ref)\s+)*(?<kind>class|interface|struct|record|enum)\s+(?:struct\s+|class\s+)?(?<name>\w+)")]
    private static partial Regex CSharpType();

    [GeneratedRegex(@"^\s*(?:\[[^\]]*\]\s*)*(?:(?:public|private|protected|internal|static|async|override|virtual|abstract|sealed|extern|new|unsafe|partial|readonly)\s+)+(?:[\w<>\[\],\.\?\s]+?\s+)?(?<name>\w+)\s*(?:<[^>]*>)?\s*\(")]
    private static partial Regex CSharpMember();

    [GeneratedRegex(@"^\s*(?:@\w+\s+)*(?:(?:public|private|protected|static|final|abstract|sealed|data|open)\s+)*(?<kind>class|interface|enum|record|object)\s+(?<name>\w+)")]
    private static partial Regex JavaType();

    [GeneratedRegex(@"^\s*(?:@\w+\s+)*(?:(?:public|private|protected|static|final|abstract|synchronized|native|default|override|suspend)\s+)+(?:fun\s+)?(?:[\w<>\[\],\.\?\s]+?\s+)?(?<name>\w+)\s*\(")]
    private static partial Regex JavaMember();

    [GeneratedRegex(@"^(?:func\s+(?:\([^)]*\)\s*)?(?<name>\w+)|type\s+(?<name>\w+)\s+(?<kind>struct|interface))")]
    private static partial Regex GoDeclaration();

    [GeneratedRegex(@"^\s*(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:abstract\s+)?(?:(?:async\s+)?(?<kind>function)\*?\s+(?<name>\w+)|(?<kind>class|interface|enum)\s+(?<name>\w+)|(?:const|let|var)\s+(?<name>\w+)\s*(?::[^=]+)?=\s*(?:async\s*)?(?:\([^)]*\)|\w+)\s*(?::\s*[^=]+)?=>)")]
    private static partial Regex ScriptDeclaration();

    [GeneratedRegex(@"^\s+(?:(?:public|private|protected|static|async|get|set|readonly|override)\s+)*(?<name>\w+)\s*\([^)]*\)\s*(?::\s*[^{]+)?\{\s*$")]
    private static partial Regex ScriptMethod();

    [GeneratedRegex(@"^#{1,6}\s+(.+)$")]
    private static partial Regex MarkdownHeading();
}
