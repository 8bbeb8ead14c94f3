using System.Globalization;
using System.Text.RegularExpressions;
using DevBot.Eval;
using DevBot.GrainInterfaces.Projects;
using DevBot.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace DevBot.Tests.Eval;

/// <summary>
/// `devbot eval` on the scripted models: the Python idea (seconds per project) clean and sloppy, its table checked
/// against the usage rows and the ledger; the budget stop; the refusal to spend without a budget; the ideas file.
/// </summary>
public sealed partial class EvalTests
{
    private static IConfiguration TestSettings() => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["CodeIndex:Embedder"] = "local",
        ["Stacks:CacheRoot"] = TestStacks.CacheRoot,
        ["Stacks:DependencyRoot"] = Path.Combine(Path.GetTempPath(), "devbot-test-dependencies", Guid.NewGuid().ToString("N")[..10]),
    }).Build();

    private static IReadOnlyList<EvalIdea> DefaultIdeas(params string[] names) =>
        EvalIdeaSet.Select(EvalIdeaSet.Load(EvalIdeaSet.DefaultPath), names);

    [Fact]
    public async Task Eval_ScriptedCleanAndSloppy_TableEqualsTheUsageRowsAndTheLedger()
    {
        var connectionString = await TestPostgres.CreateMigratedDatabaseAsync("eval");
        var firstUser = TestUsers.NewId() * 10;
        var run = new EvalRun(DefaultIdeas("notes-cli"), [EvalConfiguration.ScriptedClean(), EvalConfiguration.ScriptedSloppy(0.5)], connectionString, TestSettings())
        {
            FirstUserId = firstUser,
            SloppySeed = 20261127,
        };
        var progress = new StringWriter();

        var results = await EvalRunner.RunAsync(run, progress, CancellationToken.None);

        Assert.Equal(2, results.Count);
        foreach (var (row, user) in results.Select((r, i) => (r, firstUser + i)))
        {
            var result = row;
            var project = Assert.Single(result.Projects);
            Assert.True(project.Completed, $"{result.Name}: {project.Ending}\n{progress}");
            Assert.True(project.TestsPassed);
            Assert.Equal(project.TodoTotal, project.TodoDone);
            Assert.True(project.TodoDone >= 4);

            // Every figure of the row, from the gateway's settlements, equals PostgreSQL's own sums for the eval's user.
            Assert.Equal(await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM api_key_usage WHERE user_id = @u", ("u", user)), result.Calls);
            Assert.Equal(await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM api_key_usage WHERE user_id = @u AND project_id = @p", ("u", user), ("p", project.ProjectId)), result.Calls);
            Assert.Equal(await Sql.ScalarAsync<long>(connectionString, "SELECT sum(input_tokens) FROM api_key_usage WHERE user_id = @u", ("u", user)), result.InputTokens);
            Assert.Equal(await Sql.ScalarAsync<long>(connectionString, "SELECT sum(output_tokens) FROM api_key_usage WHERE user_id = @u", ("u", user)), result.OutputTokens);
            Assert.Equal(await Sql.ScalarAsync<long>(connectionString, "SELECT sum(cached_input_tokens) FROM api_key_usage WHERE user_id = @u", ("u", user)), result.CachedInputTokens);
            Assert.Equal(await Sql.ScalarAsync<decimal>(connectionString, "SELECT sum(charged_cost_usd) FROM api_key_usage WHERE user_id = @u", ("u", user)), result.CostUsd);
            Assert.Equal(await Sql.ScalarAsync<decimal>(connectionString, "SELECT sum(credits_charged) FROM api_key_usage WHERE user_id = @u", ("u", user)), result.Credits);
            Assert.Equal(await Sql.ScalarAsync<decimal>(connectionString, "SELECT -sum(credits_amount) FROM credit_transactions WHERE user_id = @u AND kind = 'usage'", ("u", user)), result.Credits);
            Assert.Equal(await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM api_key_usage WHERE user_id = @u AND task_type = 'implement_todo'", ("u", user)), result.EditAnswers);
            Assert.Equal(await Sql.ScalarAsync<decimal>(connectionString, "SELECT credits_balance FROM users WHERE user_id = @u", ("u", user)), EvalRunner.UnbudgetedCredits - result.Credits);
            Assert.True(result.Reconciles);
            Assert.True(result.Calls > 10 && result.CostUsd > 0 && result.Credits > 0);
        }

        var (clean, sloppy) = (results[0], results[1]);
        Assert.Equal(0, clean.MalformedAnswers);
        Assert.Equal(0, clean.EditFailures);
        Assert.Equal(clean.EditAnswers, clean.TodoDone);

        // The unusable answers counted are exactly the sloppy answers a careful reader must refuse (cut off at the output
        // limit, lazy elisions); the others (fences, prose, key case, trailing commas…) are read as they are. Each refused
        // answer is asked again: more calls than the clean run (a cut-off tool exchange is asked again whole).
        Assert.Equal(sloppy.Perturbations.GetValueOrDefault("json-cut-off") + sloppy.Perturbations.GetValueOrDefault("edits-lazy-elision"),
            sloppy.MalformedAnswers + sloppy.EditFailures);
        Assert.True(sloppy.MalformedAnswers + sloppy.EditFailures > 0, progress.ToString());
        Assert.True(sloppy.Calls >= clean.Calls + sloppy.MalformedAnswers + sloppy.EditFailures, $"{sloppy.Calls} calls against {clean.Calls}");
        Assert.Equal(Math.Round(sloppy.MalformedAnswers * 100m / sloppy.Calls, 1), sloppy.MalformedPer100Calls);

        // The printed table and the RESULT line carry the same figures.
        var table = EvalTable.Text(results);
        Assert.Contains(clean.Calls.ToString(CultureInfo.InvariantCulture), table, StringComparison.Ordinal);
        Assert.DoesNotContain("WARNING", table, StringComparison.Ordinal);
        var line = ResultRegex().Match(EvalTable.ResultLine(results));
        Assert.True(line.Success, EvalTable.ResultLine(results));
        Assert.Equal("2", line.Groups["projects"].Value);
        Assert.Equal("2", line.Groups["completed"].Value);
        Assert.Equal("2", line.Groups["tests"].Value);
        Assert.Equal((clean.Calls + sloppy.Calls).ToString(CultureInfo.InvariantCulture), line.Groups["calls"].Value);
        var users = new[] { firstUser, firstUser + 1 };
        Assert.Equal(await Sql.ScalarAsync<decimal>(connectionString, "SELECT sum(charged_cost_usd) FROM api_key_usage WHERE user_id = ANY(@u)", ("u", users)),
            decimal.Parse(line.Groups["usd"].Value, CultureInfo.InvariantCulture));
        Assert.Equal(await Sql.ScalarAsync<decimal>(connectionString, "SELECT -sum(credits_amount) FROM credit_transactions WHERE user_id = ANY(@u) AND kind = 'usage'", ("u", users)),
            decimal.Parse(line.Groups["credits"].Value, CultureInfo.InvariantCulture));
        Assert.Contains("\"reconciles\": true", EvalTable.Json(results, null), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_WithABudgetSmallerThanAProject_StopsThereWithoutPassingIt()
    {
        var connectionString = await TestPostgres.CreateMigratedDatabaseAsync("evalbudget");
        var firstUser = TestUsers.NewId() * 10;
        // The Python sample costs about 0.034 USD at the scripted models' list prices, and a request reserves its worst case
        // (8192 output tokens of the Architect: about 0.085 USD): the first project fits, the second runs out part way.
        const decimal budget = 0.13m;
        var run = new EvalRun(DefaultIdeas("notes-cli", "expense-log"), [EvalConfiguration.ScriptedClean(), EvalConfiguration.ScriptedSloppy(0.5)], connectionString, TestSettings())
        {
            FirstUserId = firstUser,
            MaxUsd = budget,
            Concurrency = 1,
        };

        var results = await EvalRunner.RunAsync(run, new StringWriter(), CancellationToken.None);

        var spent = Assert.Single(results);
        Assert.True(spent.StoppedAtBudget);
        Assert.Equal(1, spent.Completed);
        Assert.True(spent.Projects[0].Completed, spent.Projects[0].Ending);
        Assert.Equal("stopped: budget spent", spent.Projects[1].Ending);
        Assert.Equal(ProjectState.Cancelled, spent.Projects[1].State);
        Assert.True(spent.Projects[1].Calls > 0, "the second project never started spending");
        var charged = await Sql.ScalarAsync<decimal>(connectionString, "SELECT sum(charged_cost_usd) FROM api_key_usage WHERE user_id = @u", ("u", firstUser));
        Assert.True(charged is > 0 and <= budget, $"charged {charged} USD of a {budget} USD budget");
        Assert.Equal(charged, spent.CostUsd);
        Assert.True(spent.Reconciles);
        Assert.True(await Sql.ScalarAsync<decimal>(connectionString, "SELECT credits_balance FROM users WHERE user_id = @u", ("u", firstUser)) >= 0);
        // The second configuration never ran: nothing was left to spend.
        Assert.Equal(0L, await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM credit_transactions WHERE user_id = @u", ("u", firstUser + 1)));
    }

    [Fact]
    public async Task Command_WithRealModelsAndNoBudget_RefusesBeforeStartingAnything()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await EvalCommand.RunAsync(["--only", "notes-cli", "--Models:Roles:Architect:0=google:gemini-2.5-pro"], output, error, connectionString: "Host=invalid.invalid");

        Assert.Equal(2, code);
        Assert.Contains("real model providers are configured: give a budget with --max-usd", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(string.Empty, output.ToString());

        Assert.Equal(2, await EvalCommand.RunAsync(["--max-usd", "-1"], output, error, connectionString: "Host=invalid.invalid"));
        Assert.Contains("--max-usd takes an amount in USD above 0", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, await EvalCommand.RunAsync(["--only", "no-such-idea"], output, error, connectionString: "Host=invalid.invalid"));
        Assert.Contains("no idea named no-such-idea", error.ToString(), StringComparison.Ordinal);
        var parsed = EvalArguments.Parse(["--models", "local=ollama:qwen2.5-coder:14b", "--models", "pro=google:gemini-2.5-pro,google:gemini-2.5-flash"]);
        var configurations = EvalCommand.Configurations(parsed, new ConfigurationBuilder().Build());
        Assert.Equal(["local", "pro"], configurations.Select(c => c.Name));
        Assert.Equal("ollama:qwen2.5-coder:14b", configurations[0].Settings["Models:Roles:Implementer:0"]);
        Assert.Equal("google:gemini-2.5-flash", configurations[1].Settings["Models:Roles:Implementer:0"]);
        Assert.All(configurations, c => Assert.False(c.Scripted));
        Assert.Equal(["scripted", "scripted-sloppy-0.3"], EvalCommand.Configurations(EvalArguments.Parse([]), new ConfigurationBuilder().Build()).Select(c => c.Name));
    }

    [Fact]
    public void IdeasFile_DefaultSetCoversTheStacks_AndMalformedFilesAreRefusedWithTheReason()
    {
        var ideas = EvalIdeaSet.Load(EvalIdeaSet.DefaultPath);
        Assert.True(ideas.Count >= 8);
        Assert.Superset(new HashSet<string> { "python", "node", "dotnet" }, ideas.Select(i => i.Stack).ToHashSet());
        Assert.All(ideas, i => Assert.NotEmpty(i.Answers));
        Assert.Equal(ideas[0].Answers[^1], ideas[0].AnswerFor(5));

        Assert.Contains("is not valid JSON", Refusal("{ideas: ["));
        Assert.Contains("has no ideas", Refusal("{\"ideas\": []}"));
        Assert.Contains("needs \"answers\"", Refusal("{\"ideas\": [{\"name\": \"a\", \"idea\": \"x\"}]}"));
        Assert.Contains("the name A is used twice", Refusal("{\"ideas\": [{\"name\": \"a\", \"idea\": \"x\", \"answers\": [\"y\"]}, {\"name\": \"A\", \"idea\": \"x\", \"answers\": [\"y\"]}]}"));
        Assert.Contains("needs a name", Refusal("{\"ideas\": [{\"name\": \"../x\", \"idea\": \"x\", \"answers\": [\"y\"]}]}"));
        Assert.Single(EvalIdeaSet.Parse("{ // a comment\n \"Ideas\": [{\"name\": \"a\", \"idea\": \"x\", \"answers\": [\"y\"],},], }"));
    }

    private static string Refusal(string json) => Assert.Throws<EvalUsageException>(() => EvalIdeaSet.Parse(json)).Message;

    [GeneratedRegex(@"^RESULT eval projects=(?<projects>\d+) completed=(?<completed>\d+) tests_passed=(?<tests>\d+) calls=(?<calls>\d+) cost_usd=(?<usd>[0-9.]+) credits=(?<credits>[0-9.]+)$")]
    private static partial Regex ResultRegex();
}
