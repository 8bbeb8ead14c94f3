using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DevBot.Bot.Handling;
using DevBot.Bot.Options;
using DevBot.Bot.Text;

namespace DevBot.Tests.Bot;

/// <summary>
/// Every text the bot writes to a user comes from a key in the user's language. The keys are read from the Bot's
/// source (a key must be a literal, with its English beside it as a literal or a string constant, so the scan sees
/// both): each key has a Russian text with the same placeholders and HTML tags as its English, no Russian text is
/// left without a key, and the files that talk to users pass no bare English text (a heuristic: a string literal with
/// two English words in a row, or a capitalised word on its own like a button's "Retry", that is not the English of a
/// key, a log message, an exception, a comparison or a date format; operator-only texts are listed below with why).
/// </summary>
public sealed partial class ChatLanguageCoverageTests
{
    /// <summary>
    /// Texts that stay English on purpose, by file: what only operators read (Bot__OperatorIds), and stored values the
    /// code compares with (never shown as they are). Each entry must still match something, so none goes stale.
    /// </summary>
    private static readonly (string File, string Text, string Why)[] EnglishOnPurpose =
    [
        ("CommandHandler.cs", "API-key pools:", "/keys answers operators only"),
        ("CommandHandler.cs", " active of ", "/keys answers operators only"),
        ("CommandHandler.cs", ", cooling until ", "/keys answers operators only"),
        ("CommandHandler.cs", "Payment support request from ", "a /paysupport question goes to the operators' chats"),
        ("CommandHandler.cs", "welcome credits", "a stored grant description, matched to be worded in the user's language"),
        ("CommandHandler.cs", "referral bonus: you were invited", "a stored grant description, matched to be worded in the user's language"),
        ("CommandHandler.cs", "referral bonus: a friend you invited", "a stored grant description, matched to be worded in the user's language"),
        ("PaymentHandler.cs", "Usage: /refund USER_ID CHARGE_ID", "/refund is for operators only"),
        ("PaymentHandler.cs", "refunded by operator ", "the ledger's description of an operator's refund"),
        ("PaymentHandler.cs", "Not refunded: the ledger says ", "/refund is for operators only"),
        ("PaymentHandler.cs", "The ledger recorded the refund", "/refund is for operators only"),
        ("PaymentHandler.cs", "Refunded ", "/refund is for operators only"),
        ("PaymentHandler.cs", " credits for ", "the ledger's description of a purchase (the user's history words purchases itself)"),
        ("ChatLanguage.cs", "English", "a language's name, told to the Architect (\"The user speaks Russian\"), not shown"),
        ("ChatLanguage.cs", "Russian", "a language's name, told to the Architect (\"The user speaks Russian\"), not shown"),
        ("ProjectTexts.cs", "Retry", "labels stored by an earlier version, read to rebuild the buttons in the user's language"),
        ("ProjectTexts.cs", "Skip", "labels stored by an earlier version, read to rebuild the buttons in the user's language"),
        ("ProjectTexts.cs", "Stop", "labels stored by an earlier version, read to rebuild the buttons in the user's language"),
        ("ProjectTexts.cs", "Raise cap", "labels stored by an earlier version, read to rebuild the buttons in the user's language"),
    ];

    /// <summary>Files no user reads from: operators' texts, the local console's own chrome, configuration and hosting.</summary>
    private static readonly string[] NotScannedForBareEnglish =
    [
        "Handling/OperatorSignIn.cs", "Relay/OperatorAlertRelay.cs", "Console/", "Hosting/", "Options/", "Text/RussianTexts.cs",
    ];

    [Fact]
    public void EveryKeyUsedInTheBot_HasRussian_WithTheSamePlaceholdersAndTags_AndEveryRussianTextIsUsed()
    {
        var scan = SourceScan.Of(BotSources());
        var russian = ChatLanguage.Russian;

        Assert.True(scan.Calls.Count > 150, $"only {scan.Calls.Count} keyed texts found: is the scan still reading the Bot's source?");
        Assert.Empty(scan.DynamicKeys);
        var problems = new List<string>();
        foreach (var group in scan.Calls.GroupBy(c => c.Key))
        {
            var englishes = group.Where(c => c.English is not null).Select(c => c.English!).Distinct().ToList();
            if (englishes.Count > 1)
            {
                problems.Add($"{group.Key}: different English at {string.Join(", ", group.Select(c => c.Where))}");
            }

            if (!russian.TryGetText(group.Key, out var text))
            {
                problems.Add($"{group.Key}: no Russian (used at {group.First().Where})");
                continue;
            }

            if (englishes.Count == 0)
            {
                problems.Add($"{group.Key}: its English is not a literal or a known constant at {group.First().Where}");
                continue;
            }

            problems.AddRange(Compare(group.Key, englishes[0], text, group.Any(c => c.Formatted)));
        }

        foreach (var (command, description) in CommandHandler.Menu)
        {
            if (!russian.TryGetText("menu." + command, out var text))
            {
                problems.Add($"menu.{command}: no Russian");
            }
            else
            {
                problems.AddRange(Compare("menu." + command, description, text, formatted: false));
            }
        }

        var used = scan.Calls.Select(c => c.Key).Concat(CommandHandler.Menu.Select(m => "menu." + m.Command)).ToHashSet(StringComparer.Ordinal);
        problems.AddRange(russian.Keys.Where(k => !used.Contains(k)).Select(k => $"{k}: Russian text no code uses (a typo in a key?)"));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void FilesThatTalkToUsers_PassNoBareEnglish()
    {
        var scan = SourceScan.Of(BotSources().Where(s => !NotScannedForBareEnglish.Any(n => s.Path.Replace('\\', '/').Contains(n, StringComparison.Ordinal))));
        var menu = CommandHandler.OperatorMenu.Select(m => m.Description).ToHashSet(StringComparer.Ordinal);
        var matched = new HashSet<(string File, string Text, string Why)>();
        var bare = new List<string>();
        foreach (var literal in scan.BareEnglish)
        {
            if (menu.Contains(literal.Text))
            {
                // The menu's English, looked up by "menu." + command (checked above).
                continue;
            }

            // Short entries (a single word) must be the whole literal; longer ones may be part of it.
            var allowed = EnglishOnPurpose.FirstOrDefault(a => literal.Where.StartsWith(a.File + ":", StringComparison.Ordinal)
                                                               && (literal.Text == a.Text || (a.Text.Length >= 8 && literal.Text.Contains(a.Text, StringComparison.Ordinal))));
            if (allowed.File is not null)
            {
                matched.Add(allowed);
                continue;
            }

            bare.Add($"{literal.Where}: \"{literal.Text}\"");
        }

        Assert.True(bare.Count == 0, "English text without a key:\n" + string.Join("\n", bare));
        Assert.Empty(EnglishOnPurpose.Except(matched).Select(a => $"{a.File}: \"{a.Text}\" is allowed but no longer found"));
    }

    [Fact]
    public void TheScan_CatchesABareLiteral_AMissingKey_AndMismatchedPlaceholdersOrTags()
    {
        // A made-up handler: the scan must flag what the real code must not do.
        const string source = """
            class Sample
            {
                async Task A(ChatContext context)
                {
                    var l = context.Language;
                    await chat.SendTextAsync(context.ChatId, "Your project is ready now.", null, ct);
                    await chat.SendTextAsync(context.ChatId, $"Stop {Html.Bold(title)} now?", null, ct);
                    await chat.AnswerButtonAsync(id, "Continue", ct);
                    await chat.SendTextAsync(context.ChatId, l.Format("sample.ok", "Done: {0} of {1}, " + "<b>bold</b>", a, b), null, ct);
                    await chat.SendTextAsync(context.ChatId, l.Text(key, "Dynamic key"), null, ct);
                    logger.LogInformation("Log lines are not for users {UserId}", id);
                    var when = at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
                    await chat.SendTextAsync(context.ChatId, l.Text("sample.const", Help), null, ct);
                }

                private const string Help = "Some " + "help text";
            }
            """;

        var scan = SourceScan.Of([("Sample.cs", source)]);

        Assert.Equal(["Your project is ready now.", "Stop {} now?", "Continue", "Dynamic key"], scan.BareEnglish.Select(b => b.Text));
        Assert.Single(scan.DynamicKeys);
        var ok = Assert.Single(scan.Calls, c => c.Key == "sample.ok");
        Assert.Equal("Done: {0} of {1}, <b>bold</b>", ok.English);
        Assert.True(ok.Formatted);
        Assert.Equal("Some help text", Assert.Single(scan.Calls, c => c.Key == "sample.const").English);
        Assert.Empty(Compare("sample.ok", ok.English!, "Готово: {0} из {1}, <b>жирный</b>", formatted: true));
        Assert.NotEmpty(Compare("sample.ok", ok.English!, "Готово: {0}, <b>жирный</b>", formatted: true));
        Assert.NotEmpty(Compare("sample.ok", ok.English!, "Готово: {0} из {1}, жирный", formatted: true));
        Assert.NotEmpty(Compare("sample.ok", ok.English!, "Готово: {0} из {1}}, <b>жирный</b>", formatted: true));
    }

    [Fact]
    public void AnAmountEndingInAnAbbreviation_TakesTheSentencesPeriod_InATranslationOnly()
    {
        var amount = ChatLanguage.Russian.Format("credits", "{0} credits", "30.00");
        Assert.Equal("30.00 кр.", amount);
        Assert.Equal("Предел поднят до 30.00 кр.", ChatLanguage.Russian.Format("reply.capRaised", "Cap raised to {0}.", amount));
        Assert.Equal("Спасибо! Начислено: 100 кр. Доступно кредитов: 5.00.", ChatLanguage.Russian.Format("payment.thanks", "Thank you! {0} added. Credits available: {1}.", "100 кр.", "5.00"));
        // English is formatted exactly as written.
        Assert.Equal("Please wait: implementing R1: Add notes..", ChatLanguage.English.Format("reply.busy", "Please wait: {0}.", "implementing R1: Add notes."));
    }

    [Fact]
    public void ConfiguredTexts_AreTranslatedOnlyWhileTheyAreTheDefaults()
    {
        var defaults = new PaymentOptions();
        Assert.StartsWith("Вопросы об оплате", defaults.Support(ChatLanguage.Russian), StringComparison.Ordinal);
        Assert.StartsWith("Условия использования", defaults.Terms(ChatLanguage.Russian), StringComparison.Ordinal);
        Assert.Equal(PaymentOptions.DefaultTermsText, defaults.Terms(ChatLanguage.English));
        var configured = new PaymentOptions { SupportText = "Write to support@example.org.", TermsText = "Our terms." };
        Assert.Equal("Write to support@example.org.", configured.Support(ChatLanguage.Russian));
        Assert.Equal("Our terms.", configured.Terms(ChatLanguage.Russian));
    }

    /// <summary>The same numbered placeholders, the same HTML tags, and a valid format string on both sides.</summary>
    private static IEnumerable<string> Compare(string key, string english, string russian, bool formatted)
    {
        var placeholders = (string s) => Placeholder().Matches(s).Select(m => m.Value).Order(StringComparer.Ordinal).ToList();
        var tags = (string s) => Tag().Matches(s).Select(m => m.Value).Order(StringComparer.Ordinal).ToList();
        if (!placeholders(english).SequenceEqual(placeholders(russian)))
        {
            yield return $"{key}: placeholders {string.Join(" ", placeholders(english))} in English, {string.Join(" ", placeholders(russian))} in Russian";
        }

        if (!tags(english).SequenceEqual(tags(russian)))
        {
            yield return $"{key}: tags {string.Join(" ", tags(english))} in English, {string.Join(" ", tags(russian))} in Russian";
        }

        if (formatted)
        {
            var args = Enumerable.Range(0, 10).Select(i => (object)i).ToArray();
            foreach (var (language, text) in new[] { ("English", english), ("Russian", russian) })
            {
                string? error = null;
                try
                {
                    _ = string.Format(CultureInfo.InvariantCulture, text, args);
                }
                catch (FormatException ex)
                {
                    error = ex.Message;
                }

                if (error is not null)
                {
                    yield return $"{key}: the {language} is not a valid format string ({error})";
                }
            }
        }
    }

    private static IEnumerable<(string Path, string Source)> BotSources()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "DevBot.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var bot = Path.Combine(root.FullName, "src", "Bot");
        return Directory.EnumerateFiles(bot, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (Path.GetRelativePath(bot, f), File.ReadAllText(f)));
    }

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"</?[a-z]+[^>]*>")]
    private static partial Regex Tag();

    /// <summary>
    /// What the scan finds in C# source: keyed texts (<c>.Text("key", english)</c>, <c>.Format("key", english, …)</c>),
    /// keys that are not literals, and literals that read as English and are not the English of a key.
    /// </summary>
    private sealed partial class SourceScan
    {
        public List<KeyedCall> Calls { get; } = [];

        public List<string> DynamicKeys { get; } = [];

        public List<(string Where, string Text)> BareEnglish { get; } = [];

        public static SourceScan Of(IEnumerable<(string Path, string Source)> sources)
        {
            var files = sources.Select(s => (Name: Path.GetFileName(s.Path), Tokens: Lexer.Lex(s.Source))).ToList();
            var constants = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (_, tokens) in files)
            {
                for (var i = 0; i + 3 < tokens.Count; i++)
                {
                    // const string NAME = "…" + "…";
                    if (tokens[i].Is("const") && tokens[i + 1].Is("string") && tokens[i + 2].Kind == TokenKind.Identifier && tokens[i + 3].Is("="))
                    {
                        var (value, _) = Concatenation(tokens, i + 4);
                        if (value is not null)
                        {
                            constants[tokens[i + 2].Text] = value;
                        }
                    }
                }
            }

            // First the keys (and the constants they use as English, wherever declared), then the bare English.
            var scan = new SourceScan();
            var usedConstants = new HashSet<string>(StringComparer.Ordinal);
            var exempt = files.Select(f => scan.ReadKeys(f.Name, f.Tokens, constants, usedConstants)).ToList();
            for (var f = 0; f < files.Count; f++)
            {
                scan.ReadBareEnglish(files[f].Name, files[f].Tokens, exempt[f], usedConstants);
            }

            return scan;
        }

        private bool[] ReadKeys(string file, List<Token> tokens, Dictionary<string, string> constants, HashSet<string> usedConstants)
        {
            var exempt = new bool[tokens.Count];
            for (var i = 0; i + 2 < tokens.Count; i++)
            {
                // Log messages, exceptions, comparisons and formats are not sent to users.
                if (tokens[i].Kind == TokenKind.Identifier && tokens[i + 1].Is("(") && NotForUsers().IsMatch(tokens[i].Text))
                {
                    for (int j = i + 1, depth = 0; j < tokens.Count; j++)
                    {
                        exempt[j] = true;
                        depth += tokens[j].Is("(") ? 1 : tokens[j].Is(")") ? -1 : 0;
                        if (depth == 0)
                        {
                            break;
                        }
                    }
                }

                if (!(tokens[i].Is(".") && i + 3 < tokens.Count && (tokens[i + 1].Is("Text") || tokens[i + 1].Is("Format")) && tokens[i + 2].Is("("))
                    || (i > 0 && (tokens[i - 1].Is("string") || tokens[i - 1].Is("String"))))
                {
                    continue;
                }

                var where = $"{file}:{tokens[i].Line}";
                var key = tokens[i + 3];
                if (key.Kind != TokenKind.Literal || key.Interpolated || i + 5 >= tokens.Count || !tokens[i + 4].Is(","))
                {
                    DynamicKeys.Add(where);
                    continue;
                }

                exempt[i + 3] = true;
                var (english, end) = Concatenation(tokens, i + 5);
                if (english is not null)
                {
                    for (var j = i + 5; j < end; j++)
                    {
                        exempt[j] = true;
                    }
                }
                else if (tokens[i + 5].Kind == TokenKind.Identifier)
                {
                    // A constant, maybe qualified (PaymentOptions.DefaultTermsText): its last name.
                    var j = i + 5;
                    while (j + 2 < tokens.Count && tokens[j + 1].Is(".") && tokens[j + 2].Kind == TokenKind.Identifier)
                    {
                        j += 2;
                    }

                    if (constants.TryGetValue(tokens[j].Text, out var constant))
                    {
                        english = constant;
                        usedConstants.Add(tokens[j].Text);
                    }
                }

                Calls.Add(new KeyedCall(key.Text, english, tokens[i + 1].Is("Format"), where));
            }

            return exempt;
        }

        private void ReadBareEnglish(string file, List<Token> tokens, bool[] exempt, HashSet<string> usedConstants)
        {
            for (var i = 0; i < tokens.Count; i++)
            {
                if (tokens[i].Kind != TokenKind.Literal || exempt[i] || !LooksEnglish(tokens[i].Text))
                {
                    continue;
                }

                // The English of a constant a key uses.
                var declared = i >= 2 && tokens[i - 1].Is("=") && tokens[i - 2].Kind == TokenKind.Identifier ? tokens[i - 2].Text : null;
                for (var j = i - 1; declared is null && j > 0 && (tokens[j].Is("+") || tokens[j].Kind == TokenKind.Literal); j--)
                {
                    if (tokens[j - 1].Is("=") && j >= 2)
                    {
                        declared = tokens[j - 2].Text;
                    }
                }

                if (declared is not null && usedConstants.Contains(declared))
                {
                    continue;
                }

                BareEnglish.Add(($"{file}:{tokens[i].Line}", tokens[i].Text));
            }
        }

        /// <summary>Words of English outside markup, an interpolation's holes left out ("Stop {…} now?" reads "Stop now?").</summary>
        private static bool LooksEnglish(string text)
        {
            var words = Markup().Replace(text.Replace("{}", string.Empty, StringComparison.Ordinal), " ");
            return TwoWords().IsMatch(words) || OneCapitalisedWord().IsMatch(words.Trim());
        }

        /// <summary>"…" + "…" from <paramref name="start"/>: the joined text and the token after it (null when it is not only literals).</summary>
        private static (string? Text, int End) Concatenation(List<Token> tokens, int start)
        {
            var text = new StringBuilder();
            var i = start;
            while (i < tokens.Count && tokens[i].Kind == TokenKind.Literal && !tokens[i].Interpolated)
            {
                text.Append(tokens[i].Text);
                i++;
                if (i < tokens.Count && tokens[i].Is("+") && i + 1 < tokens.Count && tokens[i + 1].Kind == TokenKind.Literal)
                {
                    i++;
                    continue;
                }

                break;
            }

            return i == start || (i < tokens.Count && !(tokens[i].Is(",") || tokens[i].Is(")") || tokens[i].Is(";")))
                ? (null, start)
                : (text.ToString(), i);
        }

        [GeneratedRegex(@"^(Log\w*|\w*Exception|ToString|Contains|StartsWith|EndsWith|Equals|Parse|TryParse)$")]
        private static partial Regex NotForUsers();

        [GeneratedRegex(@"[A-Za-z]{2,}[,.;:!?'’]*\s+[A-Za-z]{2,}")]
        private static partial Regex TwoWords();

        [GeneratedRegex(@"^[A-Z][a-z]{2,}[.!?]?$")]
        private static partial Regex OneCapitalisedWord();

        [GeneratedRegex(@"<[^>]*>")]
        private static partial Regex Markup();
    }

    private sealed record KeyedCall(string Key, string? English, bool Formatted, string Where);

    private enum TokenKind
    {
        Identifier,
        Literal,
        Punctuation,
    }

    /// <summary>A token; a literal's text is its value, an interpolated string's holes shown as <c>{}</c>.</summary>
    private sealed record Token(TokenKind Kind, string Text, int Line, bool Interpolated = false)
    {
        public bool Is(string text) => Kind != TokenKind.Literal && Text == text;
    }

    /// <summary>
    /// Just enough of C#'s lexical grammar for the Bot's source: comments, identifiers, character literals, and regular,
    /// verbatim and interpolated strings (with literals nested in their holes, which become tokens of their own).
    /// </summary>
    private static class Lexer
    {
        public static List<Token> Lex(string source)
        {
            var tokens = new List<Token>();
            var i = 0;
            var line = 1;
            Lex(source, ref i, ref line, tokens, stopAtBrace: false);
            return tokens;
        }

        private static void Lex(string s, ref int i, ref int line, List<Token> tokens, bool stopAtBrace)
        {
            var depth = 0;
            while (i < s.Length)
            {
                var c = s[i];
                if (c == '\n')
                {
                    line++;
                    i++;
                }
                else if (char.IsWhiteSpace(c))
                {
                    i++;
                }
                else if (c == '/' && At(s, i + 1) == '/')
                {
                    while (i < s.Length && s[i] != '\n')
                    {
                        i++;
                    }
                }
                else if (c == '/' && At(s, i + 1) == '*')
                {
                    var end = s.IndexOf("*/", i + 2, StringComparison.Ordinal);
                    var stop = end < 0 ? s.Length : end + 2;
                    line += s.AsSpan(i, stop - i).Count('\n');
                    i = stop;
                }
                else if (c == '\'')
                {
                    i++;
                    while (i < s.Length && s[i] != '\'')
                    {
                        i += s[i] == '\\' ? 2 : 1;
                    }

                    i++;
                }
                else if (c == '"' || ((c == '$' || c == '@') && (At(s, i + 1) == '"' || ((At(s, i + 1) == '$' || At(s, i + 1) == '@') && At(s, i + 2) == '"'))))
                {
                    var start = i;
                    while (s[i] != '"')
                    {
                        i++;
                    }

                    var prefix = s[start..i];
                    i++;
                    String(s, ref i, ref line, tokens, prefix.Contains('$'), prefix.Contains('@'));
                }
                else if (char.IsLetter(c) || c == '_' || (c == '@' && i + 1 < s.Length && char.IsLetter(s[i + 1])))
                {
                    var start = c == '@' ? ++i : i;
                    while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] == '_'))
                    {
                        i++;
                    }

                    tokens.Add(new Token(TokenKind.Identifier, s[start..i], line));
                }
                else if (char.IsDigit(c))
                {
                    while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] == '.' || s[i] == '_'))
                    {
                        i++;
                    }
                }
                else
                {
                    if (stopAtBrace)
                    {
                        if (c == '{')
                        {
                            depth++;
                        }
                        else if (c == '}' && depth-- == 0)
                        {
                            i++;
                            return;
                        }
                    }

                    tokens.Add(new Token(TokenKind.Punctuation, c.ToString(), line));
                    i++;
                }
            }
        }

        private static void String(string s, ref int i, ref int line, List<Token> tokens, bool interpolated, bool verbatim)
        {
            var text = new StringBuilder();
            var startLine = line;
            var holes = new List<Token>();
            while (i < s.Length)
            {
                var c = s[i];
                if (c == '"')
                {
                    if (verbatim && At(s, i + 1) == '"')
                    {
                        text.Append('"');
                        i += 2;
                        continue;
                    }

                    i++;
                    break;
                }

                if (c == '\\' && !verbatim)
                {
                    var next = At(s, i + 1);
                    text.Append(next switch { 'n' => '\n', 't' => '\t', 'r' => '\r', '0' => '\0', _ => next });
                    i += 2;
                    continue;
                }

                if (interpolated && (c == '{' || c == '}'))
                {
                    if (At(s, i + 1) == c)
                    {
                        text.Append(c);
                        i += 2;
                        continue;
                    }

                    if (c == '{')
                    {
                        i++;
                        text.Append("{}");
                        Lex(s, ref i, ref line, holes, stopAtBrace: true);
                        continue;
                    }
                }

                if (c == '\n')
                {
                    line++;
                }

                text.Append(c);
                i++;
            }

            tokens.Add(new Token(TokenKind.Literal, text.ToString(), startLine, interpolated));
            tokens.AddRange(holes);
        }

        private static char At(string s, int i) => i < s.Length ? s[i] : '\0';
    }
}
