using System.Globalization;
using System.Text;

namespace DevBot.Tests.Workspace;

/// <summary>Pass rates per category and the answers refused on purpose, as a plain-text table.</summary>
public static class EditCorpusReport
{
    public static string Build(IReadOnlyList<EditCorpusResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine("category          cases  applied  refused  wrong writes  passed  pass rate");
        foreach (var group in results.GroupBy(r => r.Case.Category).OrderBy(g => EditCorpus.Categories.ToList().IndexOf(g.Key)))
        {
            Row(text, group.Key, group.ToList());
        }

        Row(text, "all", results);
        text.AppendLine();
        text.AppendLine("Refused on purpose where Aider applies (or writes wrong content):");
        foreach (var result in results.Where(r => r.Case.ExpectsRefusal && r.Case.Aider is "applies" or "wrong"))
        {
            text.Append("- ").Append(result.Case.Id).Append(" [aider ").Append(result.Case.Aider).Append("]: ").AppendLine(result.Case.Why ?? "(no reason given)");
        }

        var failed = results.Where(r => !r.Passed).ToList();
        if (failed.Count > 0)
        {
            text.AppendLine().AppendLine("Failing cases:");
            foreach (var result in failed)
            {
                text.Append("- ").Append(result.Case.Id).Append(": ").AppendLine(result.Explanation);
            }
        }

        return text.ToString();
    }

    private static void Row(StringBuilder text, string category, IReadOnlyList<EditCorpusResult> results)
    {
        var passed = results.Count(r => r.Passed);
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"{category,-16} {results.Count,6} {results.Count(r => r.Applied),8} {results.Count(r => !r.Applied),8} {results.Count(r => r.Applied && !r.Passed),13} {passed,7} {100.0 * passed / results.Count,9:0.0}%"));
    }
}
