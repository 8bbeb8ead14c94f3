using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DevBot.Eval;

/// <summary>The evaluation's output: a table per model configuration and its projects, JSON for scripts, and the RESULT line.</summary>
public static class EvalTable
{
    private static readonly string[] Header =
    [
        "configuration", "projects", "completed", "tests passed", "TODO done", "wall s", "calls", "input tok", "output tok", "cached tok",
        "cost USD", "credits", "malformed /100 calls", "edit fail /100 edits", "loop pauses",
    ];

    public static string Text(IReadOnlyList<ConfigurationResult> results)
    {
        var rows = results.Select(r => new[]
        {
            r.Name + (r.StoppedAtBudget ? " (budget)" : string.Empty),
            N(r.Projects.Count), N(r.Completed), N(r.TestsPassed), $"{N(r.TodoDone)}/{N(r.TodoTotal)}", F(r.WallSeconds, "0.0"), N(r.Calls),
            N(r.InputTokens), N(r.OutputTokens), N(r.CachedInputTokens), Usd(r.CostUsd), Credits(r.Credits), D(r.MalformedPer100Calls), D(r.EditFailuresPer100Edits),
            N(r.LoopPauses),
        }).ToList();
        var text = new StringBuilder();
        Render(text, Header, rows, leftAligned: 1);

        text.AppendLine();
        var projectRows = results.SelectMany(r => r.Projects.Select(p => new[]
        {
            r.Name, p.Idea, p.Stack, p.Built, p.Ending, p.TestsPassed ? "passed" : "-", $"{N(p.TodoDone)}/{N(p.TodoTotal)}", F(p.Seconds, "0.0"), N(p.Calls),
            Usd(p.CostUsd), Credits(p.Credits), N(p.MalformedAnswers), $"{N(p.EditFailures)}/{N(p.EditAnswers)}", N(p.LoopPauses),
        })).ToList();
        Render(text, ["configuration", "idea", "stack", "built", "ending", "tests", "TODO", "s", "calls", "cost USD", "credits", "malformed", "edit fail", "loops"],
            projectRows, leftAligned: 5);

        foreach (var result in results)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"# {result.Name}: {result.Models}");
            if (!result.Reconciles)
            {
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"# WARNING {result.Name}: the table does not match PostgreSQL for user {result.UserId}: usage rows {result.Ledger.UsageRows} calls, "
                    + $"{result.Ledger.UsageCostUsd} USD, {result.Ledger.UsageCredits} credits; ledger debits {result.Ledger.LedgerDebits}; open holds {result.Ledger.OpenHolds}");
            }
        }

        return text.ToString();
    }

    public static string Json(IReadOnlyList<ConfigurationResult> results, decimal? maxUsd)
    {
        var document = new
        {
            maxUsd,
            configurations = results.Select(r => new
            {
                name = r.Name,
                models = r.Models,
                userId = r.UserId,
                projects = r.Projects.Count,
                completed = r.Completed,
                testsPassed = r.TestsPassed,
                todoDone = r.TodoDone,
                todoTotal = r.TodoTotal,
                wallSeconds = Math.Round(r.WallSeconds, 2),
                calls = r.Calls,
                inputTokens = r.InputTokens,
                outputTokens = r.OutputTokens,
                cachedInputTokens = r.CachedInputTokens,
                costUsd = r.CostUsd,
                credits = r.Credits,
                malformedAnswers = r.MalformedAnswers,
                malformedPer100Calls = r.MalformedPer100Calls,
                editAnswers = r.EditAnswers,
                editFailures = r.EditFailures,
                editFailuresPer100Edits = r.EditFailuresPer100Edits,
                loopPauses = r.LoopPauses,
                stoppedAtBudget = r.StoppedAtBudget,
                perturbations = r.Perturbations,
                reconciles = r.Reconciles,
                ledger = r.Ledger,
                ideas = r.Projects.Select(p => new
                {
                    idea = p.Idea,
                    stack = p.Stack,
                    projectId = p.ProjectId,
                    built = p.Built,
                    state = p.State.ToString(),
                    ending = p.Ending,
                    testsPassed = p.TestsPassed,
                    todoDone = p.TodoDone,
                    todoTotal = p.TodoTotal,
                    seconds = Math.Round(p.Seconds, 2),
                    calls = p.Calls,
                    inputTokens = p.InputTokens,
                    outputTokens = p.OutputTokens,
                    cachedInputTokens = p.CachedInputTokens,
                    costUsd = p.CostUsd,
                    credits = p.Credits,
                    malformedAnswers = p.MalformedAnswers,
                    editAnswers = p.EditAnswers,
                    editFailures = p.EditFailures,
                    loopPauses = p.LoopPauses,
                }),
            }),
            totals = new
            {
                projects = results.Sum(r => r.Projects.Count),
                completed = results.Sum(r => r.Completed),
                testsPassed = results.Sum(r => r.TestsPassed),
                calls = results.Sum(r => r.Calls),
                costUsd = results.Sum(r => r.CostUsd),
                credits = results.Sum(r => r.Credits),
            },
        };
        return JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never });
    }

    /// <summary><c>RESULT eval projects=N completed=… tests_passed=… calls=… cost_usd=… credits=…</c> over every configuration.</summary>
    public static string ResultLine(IReadOnlyList<ConfigurationResult> results) => string.Create(CultureInfo.InvariantCulture,
        $"RESULT eval projects={results.Sum(r => r.Projects.Count)} completed={results.Sum(r => r.Completed)} tests_passed={results.Sum(r => r.TestsPassed)} "
        + $"calls={results.Sum(r => r.Calls)} cost_usd={results.Sum(r => r.CostUsd):0.##########} credits={results.Sum(r => r.Credits):0.########}");

    private static void Render(StringBuilder text, string[] header, List<string[]> rows, int leftAligned)
    {
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        string Line(string[] cells) => string.Join("  ", cells.Select((c, i) => i < leftAligned ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))).TrimEnd();
        text.AppendLine(Line(header));
        text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in rows)
        {
            text.AppendLine(Line(row));
        }
    }

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static string D(decimal value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Usd(decimal value) => value.ToString("0.000000", CultureInfo.InvariantCulture);

    private static string Credits(decimal value) => value.ToString("0.0000", CultureInfo.InvariantCulture);
}
