namespace DevBot.CodeIndex;

/// <summary>
/// Splits code and questions into the same lower-case terms: identifiers are broken into their sub-words
/// (camelCase, PascalCase, snake_case; digits stay with their letters) and kept whole as well, so "parseInvoiceTotal" is found
/// by "invoice total" and by "parseInvoiceTotal".
/// </summary>
public static class CodeTokenizer
{
    public static List<string> Tokenize(string text)
    {
        var terms = new List<string>();
        var span = text.AsSpan();
        var i = 0;
        while (i < span.Length)
        {
            if (!char.IsLetterOrDigit(span[i]) && span[i] != '_')
            {
                i++;
                continue;
            }

            var start = i;
            while (i < span.Length && (char.IsLetterOrDigit(span[i]) || span[i] == '_'))
            {
                i++;
            }

            AddIdentifier(span[start..i], terms);
        }

        return terms;
    }

    private static void AddIdentifier(ReadOnlySpan<char> identifier, List<string> terms)
    {
        if (identifier.Length > 64)
        {
            return;
        }

        var whole = identifier.ToString().ToLowerInvariant();
        var parts = 0;
        var start = 0;
        for (var i = 1; i <= identifier.Length; i++)
        {
            var boundary = i == identifier.Length
                           || identifier[i] == '_'
                           || (char.IsUpper(identifier[i]) && char.IsLower(identifier[i - 1]))
                           || (char.IsUpper(identifier[i]) && i + 1 < identifier.Length && char.IsLower(identifier[i + 1]) && char.IsUpper(identifier[i - 1]));
            if (!boundary)
            {
                continue;
            }

            var part = identifier[start..i].Trim('_');
            if (part.Length >= 2 || (part.Length == 1 && char.IsLetter(part[0]) && identifier.Length == 1))
            {
                terms.Add(part.ToString().ToLowerInvariant());
                parts++;
            }

            start = i < identifier.Length && identifier[i] == '_' ? i + 1 : i;
        }

        if (parts != 1 && whole.Trim('_').Length >= 2)
        {
            terms.Add(whole.Trim('_'));
        }
    }
}
