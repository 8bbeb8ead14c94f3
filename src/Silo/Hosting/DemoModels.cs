using DevBot.ScriptedModels;
using Npgsql;

namespace DevBot.Silo.Hosting;

/// <summary>
/// The offline demo: when no model keys are given or stored and no model roles are configured (<c>Models:Demo</c> =
/// <c>auto</c>, the default), or when <c>Models:Demo</c> = <c>on</c>, the silo starts the scripted model server on
/// loopback and points every role at it. Its answers build the sample closest to the idea (a Node.js API, a C# API or
/// a Python command-line tool: <see cref="DemoScenarios"/>), so the silo logs a warning and front-ends tell users
/// (<c>Models:Scripted</c>).
/// </summary>
public static class DemoModels
{
    public const string ModeKey = "Models:Demo";

    public static async Task<ScriptedModelServer?> StartIfNeededAsync(IConfigurationManager configuration, string connectionString, ILogger logger,
        CancellationToken cancellationToken)
    {
        var mode = (configuration[ModeKey] ?? "auto").Trim().ToLowerInvariant();
        if (mode is not ("auto" or "on" or "off"))
        {
            throw new FormatException($"{ModeKey} must be auto, on or off, not '{configuration[ModeKey]}'.");
        }

        if (mode == "off" || (mode == "auto" && await HasRealModelsAsync(configuration, connectionString, cancellationToken)))
        {
            return null;
        }

        var server = await ScriptedModelServer.StartAsync(new DemoScenarios());
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Models:Scripted"] = "true",
            ["Models:Providers:scripted:BaseUrl"] = server.BaseUrl.ToString(),
            ["Models:Providers:scripted:UseKeyPool"] = "false",
            ["Models:Roles:Architect:0"] = "scripted:scripted-architect",
            ["Models:Roles:Implementer:0"] = "scripted:scripted-implementer",
            ["Models:Roles:Embedding:0"] = "scripted:scripted-embedding",
        });
        logger.LogWarning(
            "No model API keys are configured: running on the scripted demo models at {Url}. {Samples} "
            + "Set GOOGLE_API_KEYS or OPENROUTER_API_KEYS (and API_KEY_ENCRYPTION_KEY) for real models.", server.BaseUrl, DemoScenarios.Summary);
        return server;
    }

    private static async Task<bool> HasRealModelsAsync(IConfiguration configuration, string connectionString, CancellationToken cancellationToken)
    {
        if (ApiKeyEnvironment.Read(configuration).Any(p => p.Value.Count > 0) || configuration.GetSection("Models:Roles").GetChildren().Any())
        {
            return true;
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM api_keys WHERE status = 'active'", connection);
        return (long)(await count.ExecuteScalarAsync(cancellationToken))! > 0;
    }
}
