using System.Text.RegularExpressions;

namespace DevBot.Workspace.Edits;

/// <summary>
/// Recognises the lines lazy models write in place of code they did not repeat: <c>// ... existing code ...</c>,
/// <c># ... rest unchanged ...</c>, <c>&lt;!-- ... --&gt;</c>, <c>{/* ... */}</c>, "[rest of the file unchanged]" or a bare
/// <c>...</c>. Written as content they would delete what they stand for, so whole files and REPLACE sections that carry
/// them are refused. Real content is told apart where it can be: Python's <c>...</c> body after a colon, YAML's
/// <c>...</c> document end, code blocks inside Markdown, and any line the file already had.
/// </summary>
internal static partial class Elisions
{
    public static ContentKind KindOf(string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        return extension switch
        {
            ".py" or ".pyi" or ".pyw" => ContentKind.Python,
            ".yml" or ".yaml" => ContentKind.Yaml,
            ".md" or ".markdown" or ".mdx" or ".rst" or ".txt" or ".adoc" or ".asciidoc" or ".org" => ContentKind.Document,
            _ => ContentKind.Code,
        };
    }

    /// <summary>The elision lines of <paramref name="lines"/> (index and text), leaving out lines listed in <paramref name="present"/>.</summary>
    public static List<(int Index, string Text)> Find(IReadOnlyList<string> lines, ContentKind kind, IReadOnlySet<string>? present = null)
    {
        var found = new List<(int, string)>();
        FenceLine? innerFence = null;
        string? previous = null;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (kind == ContentKind.Document && FenceLine.TryParse(line) is { } fence)
            {
                // A code sample inside a document may show "..." or "// ..." on purpose.
                innerFence = innerFence is null ? fence : innerFence.Value.IsClosedBy(fence) ? null : innerFence;
                continue;
            }

            if (innerFence is null && IsMarker(line, kind, previous) && present?.Contains(line.Trim()) != true)
            {
                found.Add((i, line.Trim()));
            }

            if (line.Trim().Length > 0)
            {
                previous = line;
            }
        }

        return found;
    }

    public static bool IsMarker(string line, ContentKind kind, string? previousNonBlank)
    {
        var text = line.Trim();
        if (text.Length is 0 or > 200)
        {
            return false;
        }

        if (IsDotsOnly(text))
        {
            if (kind == ContentKind.Python && previousNonBlank?.TrimEnd() is { } previous
                && (previous.EndsWith(':') || previous.EndsWith("\"\"\"", StringComparison.Ordinal) || previous.EndsWith("'''", StringComparison.Ordinal)))
            {
                return false; // def f(): ... or a docstring then ... — Ellipsis as a stub's body
            }

            return !(kind == ContentKind.Yaml && line.TrimEnd() == "...");
        }

        var comment = CommentBody(text, kind);
        if (comment is not null)
        {
            var body = comment.Trim();
            return body.Length > 0 && (IsDotsOnly(body) || LooksElided(body, bare: false));
        }

        var unwrapped = Unwrap(text);
        var wrapped = unwrapped.Length < text.Length;
        if (!wrapped && CodePunctuationRegex().IsMatch(text))
        {
            return false; // a statement, not a placeholder
        }

        return LooksElided(unwrapped, bare: !wrapped && kind == ContentKind.Document);
    }

    public static bool IsDotsOnly(string text) => DotsOnlyRegex().IsMatch(text.Trim());

    private static bool LooksElided(string body, bool bare)
    {
        if (WordRegex().Matches(body).Count > 12)
        {
            return false;
        }

        var dotsStart = LeadingDotsRegex().IsMatch(body);
        var dotsEnd = TrailingDotsRegex().IsMatch(body);
        if (dotsStart && dotsEnd && LetterRegex().IsMatch(body))
        {
            return true;
        }

        if ((dotsStart || dotsEnd) && StrongWordRegex().IsMatch(body))
        {
            return true;
        }

        // A sentence in a document is prose; only its dotted or bracketed forms are placeholders.
        return !bare && (RestOfRegex().IsMatch(body) || RestOfAloneRegex().IsMatch(body) || ExistingThingRegex().IsMatch(body) && (WordRegex().Matches(body).Count <= 6 || HereRegex().IsMatch(body))
                         || KeepRegex().IsMatch(body) || UnchangedAloneRegex().IsMatch(body) || SameAsRegex().IsMatch(body));
    }

    private static string? CommentBody(string text, ContentKind kind)
    {
        foreach (var regex in new[] { HtmlCommentRegex(), JsxCommentRegex(), BlockCommentRegex(), DocstringRegex() })
        {
            var match = regex.Match(text);
            if (match.Success)
            {
                return match.Groups["body"].Value;
            }
        }

        if (kind == ContentKind.Document)
        {
            return null;
        }

        if (text.StartsWith("//", StringComparison.Ordinal))
        {
            return text.TrimStart('/');
        }

        if (text.StartsWith('#') && !text.StartsWith("#!", StringComparison.Ordinal))
        {
            return text.TrimStart('#');
        }

        if (text.StartsWith("--", StringComparison.Ordinal) || text.StartsWith(';') || text.StartsWith('%'))
        {
            return text.TrimStart('-', ';', '%');
        }

        if (text == "*" || text.StartsWith("* ", StringComparison.Ordinal))
        {
            return text[1..];
        }

        return text.StartsWith("REM ", StringComparison.OrdinalIgnoreCase) ? text[4..] : null;
    }

    private static string Unwrap(string text)
    {
        var value = text.Trim('*', '_', ' ');
        if (value.Length >= 2 && (value[0] == '[' && value[^1] == ']' || value[0] == '(' && value[^1] == ')'))
        {
            return value[1..^1].Trim();
        }

        return value;
    }

    [GeneratedRegex(@"[=;{}<>""']")]
    private static partial Regex CodePunctuationRegex();

    [GeneratedRegex(@"^(?:\.{3,}|…+|(?:\. ){2,}\.)$")]
    private static partial Regex DotsOnlyRegex();

    [GeneratedRegex(@"^(?:\.{3}|…)")]
    private static partial Regex LeadingDotsRegex();

    [GeneratedRegex(@"(?:\.{3}|…)\]?\)?$")]
    private static partial Regex TrailingDotsRegex();

    [GeneratedRegex(@"\p{L}")]
    private static partial Regex LetterRegex();

    [GeneratedRegex(@"[\p{L}\p{N}_']+")]
    private static partial Regex WordRegex();

    [GeneratedRegex(@"\b(?:existing|unchanged|rest|remaining|remainder|same|omitted|elided|previous|previously|original|skipped|truncated|as before|(?:more|other)\s+(?:code|methods|functions|fields|lines|content|imports|stuff|tests|routes|properties|styles|components))\b", RegexOptions.IgnoreCase)]
    private static partial Regex StrongWordRegex();

    [GeneratedRegex(@"\b(?:rest|remainder)\s+of\s+(?:the\s+|this\s+|your\s+)?[\w.]+.*\b(?:unchanged|the same|as before|as is|omitted|elided|stays|remains|here|follows|continues|not shown)\b", RegexOptions.IgnoreCase)]
    private static partial Regex RestOfRegex();

    [GeneratedRegex(@"^(?:the\s+)?(?:rest|remainder)\s+of\s+(?:the\s+|this\s+|your\s+)?[\w. ]{1,40}$", RegexOptions.IgnoreCase)]
    private static partial Regex RestOfAloneRegex();

    [GeneratedRegex(@"\b(?:existing|original|previous|other|remaining|unchanged)\s+(?:code|content|contents|lines?|implementation|methods?|functions?|imports?|tests?|logic|fields?|properties|styles?|rules?|sections?|routes?|config(?:uration)?|html|markup|css|components?|handlers?|definitions?|declarations?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ExistingThingRegex();

    [GeneratedRegex(@"\b(?:unchanged|here|remains?|as (?:is|before)|omitted|goes here|stays?|the same|elided|retained|preserved|kept)\b", RegexOptions.IgnoreCase)]
    private static partial Regex HereRegex();

    [GeneratedRegex(@"\b(?:keep|keeping|leave|leaving)\s+(?:the\s+|all\s+)?(?:existing|original|rest|remaining|other)\b", RegexOptions.IgnoreCase)]
    private static partial Regex KeepRegex();

    [GeneratedRegex(@"^(?:code\s+|content\s+|everything\s+(?:else\s+)?)?(?:unchanged|stays the same|remains the same|as before)\.?$", RegexOptions.IgnoreCase)]
    private static partial Regex UnchangedAloneRegex();

    [GeneratedRegex(@"\bsame as (?:before|above|original|existing)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SameAsRegex();

    [GeneratedRegex(@"^<!--(?<body>.*?)-->$")]
    private static partial Regex HtmlCommentRegex();

    [GeneratedRegex(@"^\{\s*/\*(?<body>.*?)\*/\s*\}$")]
    private static partial Regex JsxCommentRegex();

    [GeneratedRegex(@"^/\*+(?<body>.*?)\*+/$")]
    private static partial Regex BlockCommentRegex();

    [GeneratedRegex(@"^(?:""""""|''')(?<body>.*?)(?:""""""|''')$")]
    private static partial Regex DocstringRegex();
}
