namespace DevBot.Eval;

/// <summary>One configuration's row of the table: its projects and their sums, and the ledger's and usage rows' own sums for its user.</summary>
public sealed record ConfigurationResult(
    string Name,
    string Models,
    long UserId,
    IReadOnlyList<ProjectOutcome> Projects,
    double WallSeconds,
    bool StoppedAtBudget,
    LedgerTotals Ledger)
{
    /// <summary>For the sloppy scripted models: how many answers were written each sloppy way (<see cref="ScriptedModels.SloppyScript.Made"/>).</summary>
    public IReadOnlyDictionary<string, int> Perturbations { get; init; } = new Dictionary<string, int>();

    public int Completed => Projects.Count(p => p.Completed);

    public int TestsPassed => Projects.Count(p => p.TestsPassed);

    public int TodoDone => Projects.Sum(p => p.TodoDone);

    public int TodoTotal => Projects.Sum(p => p.TodoTotal);

    public int Calls => Projects.Sum(p => p.Calls);

    public int EditAnswers => Projects.Sum(p => p.EditAnswers);

    public long InputTokens => Projects.Sum(p => p.InputTokens);

    public long OutputTokens => Projects.Sum(p => p.OutputTokens);

    public long CachedInputTokens => Projects.Sum(p => p.CachedInputTokens);

    public decimal CostUsd => Projects.Sum(p => p.CostUsd);

    public decimal Credits => Projects.Sum(p => p.Credits);

    public int MalformedAnswers => Projects.Sum(p => p.MalformedAnswers);

    public int EditFailures => Projects.Sum(p => p.EditFailures);

    public int LoopPauses => Projects.Sum(p => p.LoopPauses);

    /// <summary>Answers that could not be used as they came (malformed or cut off), per 100 model calls.</summary>
    public decimal MalformedPer100Calls => Calls == 0 ? 0m : Math.Round(MalformedAnswers * 100m / Calls, 1);

    /// <summary>Implementer answers whose edits did not apply, per 100 such answers.</summary>
    public decimal EditFailuresPer100Edits => EditAnswers == 0 ? 0m : Math.Round(EditFailures * 100m / EditAnswers, 1);

    /// <summary>The gateway's tally agrees with the usage rows and the ledger for this configuration's user.</summary>
    public bool Reconciles =>
        Ledger.UsageRows == Calls && Ledger.UsageCostUsd == CostUsd && Ledger.UsageCredits == Credits && Ledger.LedgerDebits == Credits
        && Ledger.InputTokens == InputTokens && Ledger.OutputTokens == OutputTokens && Ledger.CachedInputTokens == CachedInputTokens
        && Ledger.OpenHolds == 0;
}
