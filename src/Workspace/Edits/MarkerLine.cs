using System.Text.RegularExpressions;

namespace DevBot.Workspace.Edits;

/// <summary>
/// The marker lines of a SEARCH/REPLACE block. Besides Aider's <c>&lt;&lt;&lt;&lt;&lt;&lt;&lt; SEARCH</c> and
/// <c>&gt;&gt;&gt;&gt;&gt;&gt;&gt; REPLACE</c>, Cline's <c>------- SEARCH</c> / <c>+++++++ REPLACE</c> are accepted, with five
/// or more marker characters and a stray trailing '&gt;' (both seen from real models); anything looser is reported as a
/// near miss so the model learns the exact marker instead of having its block silently ignored.
/// </summary>
internal static partial class MarkerLine
{
    public const string Search = "<<<<<<< SEARCH";
    public const string Divider = "=======";
    public const string Replace = ">>>>>>> REPLACE";

    public static bool IsSearch(string line) => SearchRegex().IsMatch(line.Trim());

    public static bool IsDivider(string line) => DividerRegex().IsMatch(line.Trim());

    public static bool IsExactDivider(string line) => line.Trim() == Divider;

    public static bool IsReplace(string line) => ReplaceRegex().IsMatch(line.Trim());

    public static bool IsAnyMarker(string line) => IsSearch(line) || IsReplace(line);

    public static bool IsNearMissSearch(string line) => !IsSearch(line) && NearSearchRegex().IsMatch(line.Trim());

    public static bool IsNearMissReplace(string line) => !IsReplace(line) && NearReplaceRegex().IsMatch(line.Trim());

    [GeneratedRegex(@"^(?:<{5,}|-{5,}) SEARCH>?$")]
    private static partial Regex SearchRegex();

    [GeneratedRegex(@"^={5,}$")]
    private static partial Regex DividerRegex();

    [GeneratedRegex(@"^(?:>{5,}|\+{5,}) REPLACE>?$")]
    private static partial Regex ReplaceRegex();

    [GeneratedRegex(@"^[<\-]{2,}\s*SEARCH\b", RegexOptions.IgnoreCase)]
    private static partial Regex NearSearchRegex();

    [GeneratedRegex(@"^[>+]{2,}\s*REPLACE\b", RegexOptions.IgnoreCase)]
    private static partial Regex NearReplaceRegex();
}
