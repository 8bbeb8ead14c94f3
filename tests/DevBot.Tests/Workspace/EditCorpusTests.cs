using Xunit.Abstractions;

namespace DevBot.Tests.Workspace;

/// <summary>
/// Every answer of the real-world corpus is applied exactly as expected or refused with its reason, and no answer
/// writes wrong content. Where Aider applies an answer that DevBot refuses, the case states why.
/// </summary>
public sealed class EditCorpusTests(ITestOutputHelper output)
{
    public static TheoryData<string> CaseIds => new(EditCorpus.All.Select(c => c.Id));

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void Answer_AppliedExactlyOrRefusedWithReason(string id)
    {
        var result = EditCorpus.Run(EditCorpus.Get(id));

        Assert.True(result.Passed, $"{id} ({result.Case.Source}): {result.Explanation}");
    }

    [Fact]
    public void Corpus_HasSixtyPeerAnswersWithKnownCategoriesAndReasons()
    {
        var cases = EditCorpus.All;

        Assert.True(cases.Count >= 60, $"only {cases.Count} cases");
        Assert.Equal(cases.Count, cases.Select(c => c.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.All(cases, c => Assert.Contains(c.Category, EditCorpus.Categories));
        Assert.All(cases, c => Assert.Contains(c.Aider, new[] { "applies", "refuses", "wrong", "n/a" }));
        Assert.All(cases, c => Assert.False(string.IsNullOrWhiteSpace(c.Source)));
        Assert.All(cases.Where(c => c.ExpectsRefusal && c.Aider == "applies"), c => Assert.False(string.IsNullOrWhiteSpace(c.Why), c.Id + " needs a reason"));
    }

    [Fact]
    public void Corpus_PassRatePerCategory_IsFull()
    {
        var results = EditCorpus.All.Select(EditCorpus.Run).ToList();

        output.WriteLine(EditCorpusReport.Build(results));
        Assert.All(results, r => Assert.True(r.Passed, r.Case.Id + ": " + r.Explanation));
    }
}
