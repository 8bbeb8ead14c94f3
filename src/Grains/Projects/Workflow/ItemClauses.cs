using System.Text.RegularExpressions;

namespace DevBot.Grains.Projects.Workflow;

/// <summary>
/// The clauses the Architect writes after a TODO item's title — "(files: a, b; check: `cmd`; after: 1.1, 1.2)" — as
/// the workflow and the Implementer read them. <c>after:</c> names the items this one needs ("after: none" when it
/// needs none); an item without the clause is taken to need every item before it, so a plan that does not say runs
/// one item at a time.
/// </summary>
public static partial class ItemClauses
{
    /// <summary>The files the item names, as written (without backticks or a leading "./"); empty when it names none.</summary>
    public static IReadOnlyList<string> Files(string itemText)
    {
        var match = FilesRegex().Match(itemText);
        return match.Success
            ? match.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(f => f.Trim('`', ' ', '"', '\''))
                .Select(f => f.StartsWith("./", StringComparison.Ordinal) ? f[2..] : f)
                .Where(f => f.Length > 0)
                .Distinct(StringComparer.Ordinal)
                .ToList()
            : [];
    }

    /// <summary>
    /// Whether the item says what it needs (<c>after:</c>) and which files it works on: only such an item may run beside
    /// others; any other may need anything before it and touch anything, so it runs alone.
    /// </summary>
    public static bool MayRunBesideOthers(string itemText) => After(itemText) is not null && Files(itemText).Count > 0;

    /// <summary>
    /// The items this one needs, or null when the item does not say (then it needs every item before it). "none",
    /// "nothing" or "-" give an empty list.
    /// </summary>
    public static IReadOnlyList<string>? After(string itemText)
    {
        var match = AfterRegex().Match(itemText);
        if (!match.Success)
        {
            return null;
        }

        var ids = match.Groups[1].Value.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(id => id.Trim('`', '.'))
            .ToList();
        if (ids.All(id => id.ToLowerInvariant() is "none" or "nothing" or "-" or "n/a"))
        {
            return [];
        }

        // Anything but item ids ("after: the store") cannot be trusted to mean independence.
        return ids.All(id => IdRegex().IsMatch(id)) ? ids : null;
    }

    [GeneratedRegex(@"files:\s*([^;)]+)", RegexOptions.IgnoreCase)]
    private static partial Regex FilesRegex();

    [GeneratedRegex(@"\bafter:\s*([^;)]+)", RegexOptions.IgnoreCase)]
    private static partial Regex AfterRegex();

    [GeneratedRegex(@"^[A-Za-z]?\d+(\.\d+)*$")]
    private static partial Regex IdRegex();
}
