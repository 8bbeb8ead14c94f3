using System.Text;

namespace DevBot.Workspace.Edits;

/// <summary>
/// Finds the part of a file that most resembles a SEARCH section that did not match, so the feedback can show the
/// model the real lines ("did you mean", the idea of Aider's find_similar_lines). Lines are compared by their
/// character bigrams, which tolerates the small differences models make (a changed name, a missing comma).
/// </summary>
internal static class SimilarLines
{
    private const double Threshold = 0.5;
    private const long MaxWork = 1_000_000;

    /// <summary>The index of the best window of <paramref name="search"/>'s length in <paramref name="lines"/>, or -1.</summary>
    public static int BestWindow(IReadOnlyList<string> lines, IReadOnlyList<string> search)
    {
        if (lines.Count == 0 || search.Count == 0)
        {
            return -1;
        }

        var exactOnly = (long)lines.Count * search.Count > MaxWork;
        var lineGrams = exactOnly ? null : lines.Select(l => Bigrams(l)).ToList();
        var searchGrams = search.Select(l => Bigrams(l)).ToList();
        var best = -1;
        var bestScore = 0.0;
        var windows = Math.Max(1, lines.Count - search.Count + 1);
        for (var i = 0; i < windows; i++)
        {
            var score = 0.0;
            for (var k = 0; k < search.Count && i + k < lines.Count; k++)
            {
                score += lines[i + k].Trim() == search[k].Trim() ? 1.0 : exactOnly ? 0.0 : Dice(lineGrams![i + k], searchGrams[k]);
            }

            score /= search.Count;
            if (score > bestScore)
            {
                best = i;
                bestScore = score;
            }
        }

        return bestScore >= Threshold ? best : -1;
    }

    /// <summary>Lines <paramref name="from"/> to <paramref name="to"/> (exclusive) numbered as "12| text".</summary>
    public static string Numbered(IReadOnlyList<string> lines, int from, int to)
    {
        var text = new StringBuilder();
        for (var i = Math.Max(0, from); i < Math.Min(lines.Count, to); i++)
        {
            text.Append(i + 1).Append("| ").Append(lines[i].TrimEnd('\r')).Append('\n');
        }

        return text.ToString().TrimEnd('\n');
    }

    private static HashSet<int> Bigrams(string line)
    {
        var text = line.Trim().ToLowerInvariant();
        var grams = new HashSet<int>();
        for (var i = 0; i + 1 < text.Length; i++)
        {
            grams.Add(text[i] << 16 | text[i + 1]);
        }

        return grams;
    }

    private static double Dice(HashSet<int> a, HashSet<int> b)
    {
        if (a.Count == 0 && b.Count == 0)
        {
            return 1.0;
        }

        if (a.Count == 0 || b.Count == 0)
        {
            return 0.0;
        }

        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        var shared = small.Count(large.Contains);
        return 2.0 * shared / (a.Count + b.Count);
    }
}
