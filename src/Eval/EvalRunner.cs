using System.Diagnostics;
using System.Globalization;
using DevBot.Gateway;
using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Keys;
using DevBot.GrainInterfaces.Projects;
using DevBot.ScriptedModels;
using DevBot.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DevBot.Eval;

/// <summary>
/// Runs every idea under every configuration through the real pipeline — a silo with the production wiring per
/// configuration, one after another, its projects several at once — and collects the table's figures from the gateway's
/// settlements, the projects' own status and events, and, to check them, the usage rows and the ledger.
/// </summary>
public static class EvalRunner
{
    /// <summary>Credits an unbudgeted configuration's user gets (the scripted models): far more than any run needs.</summary>
    public const decimal UnbudgetedCredits = 1_000_000m;

    public static async Task<IReadOnlyList<ConfigurationResult>> RunAsync(EvalRun run, TextWriter progress, CancellationToken cancellationToken)
    {
        var budget = new EvalBudget(run.MaxUsd);
        var results = new List<ConfigurationResult>();
        for (var i = 0; i < run.Configurations.Count && !cancellationToken.IsCancellationRequested; i++)
        {
            var configuration = run.Configurations[i];
            if (budget.RemainingUsd is { } left && left <= 0)
            {
                await progress.WriteLineAsync($"# {configuration.Name}: not run, the budget of {run.MaxUsd} USD is spent");
                continue;
            }

            var result = await RunConfigurationAsync(run, configuration, run.FirstUserId + i, budget, progress, cancellationToken);
            budget.Spend(result.Ledger.UsageCostUsd, result.StoppedAtBudget);
            results.Add(result);
        }

        return results;
    }

    private static async Task<ConfigurationResult> RunConfigurationAsync(EvalRun run, EvalConfiguration configuration, long userId, EvalBudget budget,
        TextWriter progress, CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string?>(configuration.Settings);
        var workspaces = Path.Combine(Path.GetTempPath(), "devbot-eval-" + Guid.NewGuid().ToString("N")[..8]);
        settings.TryAdd("Workspace:Root", workspaces);
        ScriptedModelServer? scripted = null;
        SloppyScript? sloppy = null;
        try
        {
            if (configuration.Scripted)
            {
                IModelScript script = new DemoScenarios();
                if (configuration.SloppyRate > 0)
                {
                    script = sloppy = new SloppyScript(script, configuration.SloppyRate, run.SloppySeed);
                }

                scripted = await ScriptedModelServer.StartAsync(script);
                settings["Models:Scripted"] = "true";
                settings["Models:Providers:scripted:BaseUrl"] = scripted.BaseUrl.ToString();
                settings["Models:Providers:scripted:UseKeyPool"] = "false";
                settings["Models:Roles:Architect:0"] = "scripted:scripted-architect";
                settings["Models:Roles:Implementer:0"] = "scripted:scripted-implementer";
                settings["Models:Roles:Embedding:0"] = "scripted:scripted-embedding";
            }

            var tally = new EvalTally();
            await using var silo = await EvalSilo.StartAsync(run.ConnectionString, run.BaseConfiguration, settings, tally, run.LogFile);
            await SeedEnvironmentKeysAsync(silo, run.BaseConfiguration);
            var gateway = silo.Services.GetRequiredService<IOptions<ModelGatewayOptions>>().Value;
            var models = $"architect {string.Join(" > ", gateway.ModelsFor(ModelRole.Architect))}; implementer {string.Join(" > ", gateway.ModelsFor(ModelRole.Implementer))}";
            var metering = silo.Services.GetRequiredService<IOptions<MeteringOptions>>().Value;
            var credits = budget.RemainingUsd is { } usd ? CreditMath.Credits(usd, metering.CreditValueUsd, metering.Markup) : UnbudgetedCredits;
            await silo.Grains.GetGrain<ICreditLedgerGrain>(userId).GrantAsync(new CreditGrant($"eval-{userId}", credits, GrantKind.Manual,
                $"devbot eval: {configuration.Name}" + (budget.MaxUsd is null ? string.Empty : $" (budget {budget.RemainingUsd} USD)")));
            await progress.WriteLineAsync($"# {configuration.Name}: {run.Ideas.Count} idea(s), {run.Concurrency} at once ({models})");

            var spent = 0;
            using var gate = new SemaphoreSlim(Math.Max(1, run.Concurrency));
            var wall = Stopwatch.StartNew();
            var outcomes = await Task.WhenAll(run.Ideas.Select(async idea =>
            {
                await gate.WaitAsync(CancellationToken.None);
                try
                {
                    if (Volatile.Read(ref spent) == 1 || cancellationToken.IsCancellationRequested)
                    {
                        return NotStarted(idea, Volatile.Read(ref spent) == 1 ? "not started: budget spent" : "not started: interrupted");
                    }

                    var driver = new ProjectDriver(silo.Grains, userId, idea, run.ProjectTimeout, () => Volatile.Read(ref spent) == 1, () => Volatile.Write(ref spent, 1));
                    var (projectId, final, ending, seconds) = await driver.RunAsync(cancellationToken);
                    var outcome = await OutcomeAsync(silo.Grains, idea, projectId, final, ending, seconds, tally.For(projectId));
                    await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"# {configuration.Name}: {idea.Name} {outcome.Ending} in {seconds:0.0} s (built {outcome.Built}; tests {(outcome.TestsPassed ? "passed" : "not passed")}; {outcome.Calls} calls, {outcome.CostUsd:0.####} USD)"));
                    return outcome;
                }
                finally
                {
                    gate.Release();
                }
            }));
            wall.Stop();
            if (sloppy is not null)
            {
                await progress.WriteLineAsync("# " + configuration.Name + " perturbations: " + string.Join(' ', sloppy.Made.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}={m.Value}")));
            }

            var ledger = await LedgerTotalsAsync(run.ConnectionString, userId);
            var perturbations = sloppy is null ? new Dictionary<string, int>() : new Dictionary<string, int>(sloppy.Made);
            return new ConfigurationResult(configuration.Name, models, userId, outcomes, wall.Elapsed.TotalSeconds, spent == 1, ledger) { Perturbations = perturbations };
        }
        finally
        {
            if (scripted is not null)
            {
                await scripted.DisposeAsync();
            }

            TryDelete(workspaces);
        }
    }

    private static ProjectOutcome NotStarted(EvalIdea idea, string why) =>
        new(idea.Name, idea.Stack, Guid.Empty, "-", ProjectState.Cancelled, why, false, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0m, 0m, 0, 0);

    private static async Task<ProjectOutcome> OutcomeAsync(IGrainFactory grains, EvalIdea idea, Guid projectId, ProjectStatus final, string ending,
        double seconds, ProjectTally tally)
    {
        var events = new List<ProjectEvent>();
        var project = grains.GetGrain<IProjectGrain>(projectId);
        while (true)
        {
            var page = await project.GetEventsAsync(events.Count == 0 ? 0 : events[^1].Seq, 500);
            events.AddRange(page);
            if (page.Count < 500)
            {
                break;
            }
        }

        var delivered = events.Select(e => e.News).OfType<Delivered>().LastOrDefault();
        var loopPauses = events.Count(e => e.News is PausedItemFailing or PausedReviewRepeats);
        return new ProjectOutcome(idea.Name, idea.Stack, projectId, string.IsNullOrWhiteSpace(final.Title) ? "-" : final.Title, final.State, ending,
            final.State == ProjectState.Completed && delivered?.TestsPassed == true, final.TodoDone, final.TodoTotal, loopPauses, seconds,
            tally.Calls, tally.EditAnswers, tally.InputTokens, tally.OutputTokens, tally.CachedInputTokens, tally.CostUsd, tally.Credits,
            tally.Malformed + tally.CutOff, tally.EditFailures);
    }

    /// <summary>The usage rows, ledger debits, grants, balance and open holds of one eval user, as PostgreSQL has them.</summary>
    public static async Task<LedgerTotals> LedgerTotalsAsync(string connectionString, long userId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM api_key_usage WHERE user_id = $1),
                   (SELECT COALESCE(sum(input_tokens), 0)::bigint FROM api_key_usage WHERE user_id = $1),
                   (SELECT COALESCE(sum(output_tokens), 0)::bigint FROM api_key_usage WHERE user_id = $1),
                   (SELECT COALESCE(sum(cached_input_tokens), 0)::bigint FROM api_key_usage WHERE user_id = $1),
                   (SELECT COALESCE(sum(charged_cost_usd), 0) FROM api_key_usage WHERE user_id = $1),
                   (SELECT COALESCE(sum(credits_charged), 0) FROM api_key_usage WHERE user_id = $1),
                   (SELECT COALESCE(-sum(credits_amount), 0) FROM credit_transactions WHERE user_id = $1 AND kind = 'usage'),
                   (SELECT COALESCE(sum(credits_amount), 0) FROM credit_transactions WHERE user_id = $1 AND kind = 'grant'),
                   (SELECT COALESCE(sum(credits_amount), 0) FROM credit_transactions WHERE user_id = $1),
                   (SELECT count(*) FROM credit_holds WHERE user_id = $1 AND status = 'open')
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = userId });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new LedgerTotals(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetDecimal(4), reader.GetDecimal(5),
            reader.GetDecimal(6), reader.GetDecimal(7), reader.GetDecimal(8), reader.GetInt64(9));
    }

    /// <summary>Keys given in the environment (GOOGLE_API_KEYS, OPENROUTER_API_KEYS) go into this database's pools, as the silo does at start.</summary>
    private static async Task SeedEnvironmentKeysAsync(EvalSilo silo, IConfiguration configuration)
    {
        foreach (var (provider, secrets) in ApiKeyEnvironment.Read(configuration))
        {
            if (secrets.Count > 0)
            {
                await silo.Grains.GetGrain<IApiKeyPoolGrain>(provider).SeedAsync(secrets);
            }
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Sandbox runs may leave files owned by other uids; the temp folder's cleaner gets them.
        }
    }
}
