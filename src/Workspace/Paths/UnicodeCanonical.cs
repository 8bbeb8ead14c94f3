using System.Globalization;
using System.Text;

namespace DevBot.Workspace.Paths;

/// <summary>
/// Canonical decomposition (NFD) and a caseless key built on it. The silo runs with InvariantGlobalization, where
/// <see cref="string.Normalize()"/> returns its input unchanged on Linux; yet macOS writes names decomposed ('e' +
/// U+0301) where a model writes them precomposed ('é'), and both file systems that ignore case (NTFS, APFS/HFS+) would
/// see one name where Linux sees two. The tables come from the Unicode Character Database
/// (<c>UnicodeCanonical.Data.py</c>).
/// </summary>
internal static partial class UnicodeCanonical
{
    private const int HangulFirst = 0xAC00;
    private const int HangulCount = 11172;
    private const int LeadingBase = 0x1100;
    private const int VowelBase = 0x1161;
    private const int TrailingBase = 0x11A7;
    private const int VowelCount = 21;
    private const int TrailingCount = 28;

    private static readonly Dictionary<int, int[]> Decompositions = ParseDecompositions();
    private static readonly (int First, int Last, int Class)[] CombiningClasses = ParseCombiningClasses();

    /// <summary>The canonical decomposition of <paramref name="text"/> in canonical order (NFD).</summary>
    public static string Decompose(string text)
    {
        if (Ascii.IsValid(text))
        {
            return text;
        }

        var codes = new List<int>(text.Length + 8);
        foreach (var rune in text.EnumerateRunes())
        {
            Append(rune.Value, codes);
        }

        // Canonical ordering: marks between two starters sort by combining class, keeping their order within a class.
        for (var i = 1; i < codes.Count; i++)
        {
            var combiningClass = ClassOf(codes[i]);
            for (var j = i; combiningClass != 0 && j > 0 && ClassOf(codes[j - 1]) > combiningClass; j--)
            {
                (codes[j - 1], codes[j]) = (codes[j], codes[j - 1]);
            }
        }

        var result = new StringBuilder(codes.Count);
        foreach (var code in codes)
        {
            result.Append(new Rune(code).ToString());
        }

        return result.ToString();
    }

    /// <summary>
    /// Equal for two names that Windows or macOS would take for one: the same up to letter case or Unicode spelling.
    /// </summary>
    public static string CaselessKey(string name)
    {
        if (Ascii.IsValid(name))
        {
            return name.ToLowerInvariant();
        }

        // Upper then lower folds the pairs one direction alone misses (ς/σ/Σ, ß/ẞ); case mapping can reorder marks.
        return Decompose(Decompose(name).ToUpperInvariant().ToLowerInvariant());
    }

    private static void Append(int code, List<int> codes)
    {
        var syllable = code - HangulFirst;
        if (syllable is >= 0 and < HangulCount)
        {
            codes.Add(LeadingBase + syllable / (VowelCount * TrailingCount));
            codes.Add(VowelBase + syllable % (VowelCount * TrailingCount) / TrailingCount);
            if (syllable % TrailingCount != 0)
            {
                codes.Add(TrailingBase + syllable % TrailingCount);
            }
        }
        else if (Decompositions.TryGetValue(code, out var parts))
        {
            codes.AddRange(parts);
        }
        else
        {
            codes.Add(code);
        }
    }

    private static int ClassOf(int code)
    {
        var (low, high) = (0, CombiningClasses.Length - 1);
        while (low <= high)
        {
            var middle = (low + high) / 2;
            var range = CombiningClasses[middle];
            if (code < range.First)
            {
                high = middle - 1;
            }
            else if (code > range.Last)
            {
                low = middle + 1;
            }
            else
            {
                return range.Class;
            }
        }

        return 0;
    }

    private static Dictionary<int, int[]> ParseDecompositions()
    {
        var table = new Dictionary<int, int[]>();
        foreach (var entry in DecompositionTable.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var (code, parts) = (entry[..entry.IndexOf('=', StringComparison.Ordinal)], entry[(entry.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            table[Hex(code)] = parts.Split(' ').Select(Hex).ToArray();
        }

        return table;
    }

    private static (int First, int Last, int Class)[] ParseCombiningClasses() =>
        CombiningClassTable.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(entry =>
            {
                var dash = entry.IndexOf('-', StringComparison.Ordinal);
                var colon = entry.IndexOf(':', StringComparison.Ordinal);
                return (Hex(entry[..dash]), Hex(entry[(dash + 1)..colon]), int.Parse(entry[(colon + 1)..], CultureInfo.InvariantCulture));
            })
            .ToArray();

    private static int Hex(string digits) => int.Parse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
}
