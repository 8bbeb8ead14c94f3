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

    /// <summary>The user's referral code, made (random, unique) the first time it is asked for.</summary>
    public async Task<string> ReferralCodeAsync(long userId, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            var candidate = string.Concat(System.Security.Cryptography.RandomNumberGenerator.GetItems("abcdefghijkmnpqrstuvwxyz23456789".AsSpan(), 10));
            try
            {
                await using var command = dataSource.CreateCommand("""
                    INSERT INTO users (user_id, referral_code) VALUES ($1, $2)
                    ON CONFLICT (user_id) DO UPDATE SET referral_code = COALESCE(users.referral_code, excluded.referral_code)
                    RETURNING referral_code
                    """);
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = userId });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = candidate });
                return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation && attempt < 5)
            {
                // Another user drew the same code: draw again.
            }
        }
    }

    public async Task<long?> UserOfReferralCodeAsync(string code, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT user_id FROM users WHERE referral_code = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = code.ToLowerInvariant() });
        return await command.ExecuteScalarAsync(cancellationToken) is long id ? id : null;
    }

    /// <summary>
    /// Records the invitation unless the invitee was invited before, has invited anyone (which would allow loops), or
    /// has bought credits already; true when it was recorded now.
    /// </summary>
    public async Task<bool> RecordReferralAsync(long inviteeId, long inviterId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO referrals (invitee_id, inviter_id)
            SELECT $1, $2
            WHERE $1 <> $2
              AND NOT EXISTS (SELECT 1 FROM referrals WHERE inviter_id = $1)
              AND NOT EXISTS (SELECT 1 FROM credit_transactions WHERE user_id = $1 AND kind = 'purchase')
            ON CONFLICT (invitee_id) DO NOTHING
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = inviteeId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = inviterId });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<(long InviterId, bool Rewarded)?> InviterOfAsync(long inviteeId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT inviter_id, rewarded_at IS NOT NULL FROM referrals WHERE invitee_id = $1");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = inviteeId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), reader.GetBoolean(1)) : null;
    }

    public async Task MarkReferralRewardedAsync(long inviteeId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("UPDATE referrals SET rewarded_at = COALESCE(rewarded_at, now()) WHERE invitee_id = $1");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = inviteeId });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlParameter Text(string? value) =>
        new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };
}
