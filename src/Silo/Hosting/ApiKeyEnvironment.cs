using System.ComponentModel.DataAnnotations;
using DevBot.Gateway.Keys;
using DevBot.GrainInterfaces.Keys;
using Npgsql;

namespace DevBot.Silo.Hosting;

/// <summary>
/// API keys given in the environment (<c>GOOGLE_API_KEYS</c>, <c>OPENROUTER_API_KEYS</c>, comma-separated) and the
/// start-up rule that keys are never kept without the master key that encrypts them.
/// </summary>
public static class ApiKeyEnvironment
{
    public static readonly IReadOnlyDictionary<string, string> Variables = new Dictionary<string, string>
    {
        ["google"] = "GOOGLE_API_KEYS",
        ["openrouter"] = "OPENROUTER_API_KEYS",
    };

    public static IReadOnlyDictionary<string, IReadOnlyList<ApiKeySecret>> Read(IConfiguration configuration) =>
        Variables.ToDictionary(
            v => v.Key,
            v => (IReadOnlyList<ApiKeySecret>)(configuration[v.Value] ?? string.Empty)
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(s => new ApiKeySecret(s))
                .ToList());

    /// <summary>Refuses to start when keys are stored or given but API_KEY_ENCRYPTION_KEY is missing.</summary>
    /// <exception cref="ValidationException">Keys without a master key; the message names what to set.</exception>
    public static async Task EnsureMasterKeyAsync(IConfiguration configuration, string connectionString, CancellationToken cancellationToken)
    {
        var cipher = ApiKeyCipher.FromConfiguration(configuration);
        if (cipher.IsConfigured)
        {
            return;
        }

        var given = Read(configuration).Where(p => p.Value.Count > 0).Select(p => Variables[p.Key]).ToList();
        if (given.Count > 0)
        {
            throw new ValidationException(
                $"{string.Join(" and ", given)} set but {ApiKeyCipher.MasterKeyVariable} is not: keys are stored encrypted. "
                + $"Set {ApiKeyCipher.MasterKeyVariable} to 32 random bytes in base64 (for example: openssl rand -base64 32).");
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM api_keys", connection);
        var stored = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        if (stored > 0)
        {
            throw new ValidationException(
                $"{stored} API key(s) are stored encrypted but {ApiKeyCipher.MasterKeyVariable} is not set; start the silo with the master key they were stored with.");
        }
    }
}
