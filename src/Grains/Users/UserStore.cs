using DevBot.GrainInterfaces.Users;
using Npgsql;
using NpgsqlTypes;

namespace DevBot.Grains.Users;

/// <summary>The <c>users</c> row: profile columns for reports and the admin console (credits are the ledger's).</summary>
public sealed class UserStore(NpgsqlDataSource dataSource)
{
    public async Task UpsertProfileAsync(long userId, UserProfile profile, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO users (user_id, username, display_name, language_code, email)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (user_id) DO UPDATE
            SET username = excluded.username, display_name = excluded.display_name,
                language_code = excluded.language_code, email = COALESCE(excluded.email, users.email), updated_at = now()
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = userId });
        command.Parameters.Add(Text(profile.Username));
        command.Parameters.Add(Text(profile.DisplayName));
        command.Parameters.Add(Text(profile.LanguageCode));
        command.Parameters.Add(Text(profile.Email));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task MarkInitialGrantAsync(long userId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE users SET initial_grant_at = COALESCE(initial_grant_at, now()) WHERE user_id = $1");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = userId });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlParameter Text(string? value) =>
        new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };
}
