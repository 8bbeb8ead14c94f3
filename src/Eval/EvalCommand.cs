using System.Globalization;
using System.Security.Cryptography;
using DevBot.Data.Embedded;
using DevBot.Data.Migrations;
using DevBot.Gateway;
using DevBot.Gateway.Keys;
using DevBot.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace DevBot.Eval;

/// <summary>
/// <c>devbot eval</c>: parses the command line, decides the configurations (the scripted models clean and sloppy when no
/// model is configured; otherwise the configured models, or each <c>--models</c>), refuses real providers without
/// <c>--max-usd</c>, runs them on a throwaway embedded PostgreSQL (or the given database) and prints the table.
/// Exit codes: 0 done, 1 the table does not reconcile with the ledger (or the run failed), 2 bad usage, 3 no PostgreSQL,
/// 130 interrupted.
/// </summary>
public static class EvalCommand
{
    public const string Usage = """
        usage: devbot eval [--ideas FILE] [--only NAME,NAME] [--concurrency N] [--max-usd USD] [--json]
                           [--models NAME=ARCHITECT[,IMPLEMENTER]]... [--sloppy RATE] [--timeout MINUTES] [--Section:Key=value]...
          Runs each idea through the real pipeline per model configuration and prints a table: projects completed, tests passing,
          TODO items done, wall time, model calls, tokens, cost in USD and credits, malformed answers per 100 calls, edit failures
          per 100 edits, loop pauses. Without model keys or roles it runs the scripted demo models, clean and sloppy (--sloppy 0.3).
          With real providers --max-usd is required: no request is sent that could take the run past it.
          --models pro=google:gemini-2.5-pro,google:gemini-2.5-flash   one configuration (repeat to compare several)
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, string? connectionString = null,
        CancellationToken cancellationToken = default)
    {
        EvalArguments parsed;
        IReadOnlyList<EvalIdea> ideas;
        IReadOnlyList<EvalConfiguration> configurations;
        IConfiguration configuration;
        try
        {
            parsed = EvalArguments.Parse(args);
            if (parsed.Help)
            {
                await output.WriteLineAsync(Usage);
                return 0;
            }

            configuration = new ConfigurationBuilder()
                .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
                .AddEnvironmentVariables()
                .AddInMemoryCollection(parsed.Settings)
                .Build();
            ideas = EvalIdeaSet.Select(EvalIdeaSet.Load(parsed.IdeasPath ?? EvalIdeaSet.DefaultPath), parsed.Only);
            configurations = Configurations(parsed, configuration);
            if (configurations.Any(c => !c.Scripted) && parsed.MaxUsd is null)
            {
                throw new EvalUsageException("real model providers are configured: give a budget with --max-usd USD (the run stops before it would pass it; "
                                             + "free local models still need one, any amount)");
            }
        }
        catch (EvalUsageException ex)
        {
            await error.WriteLineAsync("devbot eval: " + ex.Message);
            await error.WriteLineAsync(Usage);
            return 2;
        }

        configuration = WithEphemeralMasterKey(configuration);
        EmbeddedPostgres? postgres = null;
        try
        {
            if (connectionString is null)
            {
                await error.WriteLineAsync("# starting a throwaway embedded PostgreSQL for the evaluation");
                postgres = await EmbeddedPostgres.StartAsync(EmbeddedPostgresSettings.CreateThrowaway(), null, cancellationToken);
                connectionString = postgres.ConnectionString;
            }

            await DatabaseMigrator.MigrateAsync(connectionString, NullLogger.Instance);
            var run = new EvalRun(ideas, configurations, connectionString, configuration)
            {
                Concurrency = parsed.Concurrency,
                MaxUsd = parsed.MaxUsd,
                ProjectTimeout = parsed.Timeout,
                LogFile = Path.Combine(".devbot", "logs", "eval.log"),
            };
            if (configurations.Any(c => c.Scripted))
            {
                await error.WriteLineAsync("# scripted models: " + ScriptedModels.DemoScenarios.Summary);
            }

            var results = await EvalRunner.RunAsync(run, error, cancellationToken);
            if (parsed.Json)
            {
                await output.WriteLineAsync(EvalTable.Json(results, parsed.MaxUsd));
                await error.WriteLineAsync(EvalTable.ResultLine(results));
            }
            else
            {
                await output.WriteAsync(EvalTable.Text(results));
                if (results.Any(r => r.StoppedAtBudget))
                {
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"# stopped at the budget: {results.Sum(r => r.CostUsd):0.######} USD of {parsed.MaxUsd} USD spent"));
                }

                await output.WriteLineAsync(EvalTable.ResultLine(results));
            }

            return cancellationToken.IsCancellationRequested ? 130 : results.All(r => r.Reconciles) ? 0 : 1;
        }
        catch (EmbeddedPostgresException ex)
        {
            await error.WriteLineAsync("devbot eval: " + ex.Message);
            return 3;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("devbot eval: interrupted");
            return 130;
        }
        finally
        {
            if (postgres is not null)
            {
                await postgres.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// The configurations to measure: each <c>--models</c>; else the configured models when keys or roles are set (or
    /// <c>Models:Demo=off</c>); else the scripted demo models, clean and — unless <c>--sloppy 0</c> — sloppy.
    /// </summary>
    public static IReadOnlyList<EvalConfiguration> Configurations(EvalArguments parsed, IConfiguration configuration)
    {
        if (parsed.Models.Count > 0)
        {
            return parsed.Models.Select(m => new EvalConfiguration(m.Name, new Dictionary<string, string?>
            {
                ["Models:Roles:Architect:0"] = m.Architect,
                ["Models:Roles:Implementer:0"] = m.Implementer,
            }, Scripted: false)).ToList();
        }

        var demo = (configuration["Models:Demo"] ?? "auto").Trim().ToLowerInvariant();
        var hasModels = ApiKeyEnvironment.Read(configuration).Any(p => p.Value.Count > 0) || configuration.GetSection("Models:Roles").GetChildren().Any();
        if (demo == "on" || (demo != "off" && !hasModels))
        {
            return parsed.SloppyRate > 0 ? [EvalConfiguration.ScriptedClean(), EvalConfiguration.ScriptedSloppy(parsed.SloppyRate)] : [EvalConfiguration.ScriptedClean()];
        }

        return [new EvalConfiguration("configured", new Dictionary<string, string?>(), Scripted: false)];
    }

    /// <summary>The evaluation's database is thrown away, so keys given in the environment may be kept under a master key made for this run.</summary>
    private static IConfiguration WithEphemeralMasterKey(IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(configuration[ApiKeyCipher.MasterKeyVariable]))
        {
            return configuration;
        }

        return new ConfigurationBuilder()
            .AddConfiguration(configuration)
            .AddInMemoryCollection(new Dictionary<string, string?> { [ApiKeyCipher.MasterKeyVariable] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) })
            .Build();
    }
}
