using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace DevBot.Grains.Admin;

/// <summary>
/// Sign-in tokens and sessions of operators (<c>operator_sign_ins</c>, <c>operator_sessions</c>). Tokens are random
/// 256-bit values shown once; only their SHA-256 is stored, so every silo can check them and no row can be replayed.
/// </summary>
public sealed class OperatorAccessStore(NpgsqlDataSource dataSource)
{
    public async Task<(string Token, DateTimeOffset ExpiresAt)> IssueSignInAsync(long operatorId, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        var token = NewToken();
        await using var command = dataSource.CreateCommand(
            "INSERT INTO operator_sign_ins (token_hash, operator_id, expires_at) VALUES ($1, $2, now() + $3) RETURNING expires_at");
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = Hash(token) });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = operatorId });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = lifetime });
        var expires = (DateTime)(await command.ExecuteScalarAsync(cancellationToken))!;
        return (token, new DateTimeOffset(DateTime.SpecifyKind(expires, DateTimeKind.Utc)));
    }

    /// <summary>Uses a sign-in token (once, before it expires) and opens a session; null when the token is unknown, used or expired.</summary>
    public async Task<(long OperatorId, string Session)?> RedeemAsync(string? token, TimeSpan sessionLifetime, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return null;
        }

        var session = NewToken();
        await using var command = dataSource.CreateCommand("""
            WITH used AS (
                UPDATE operator_sign_ins SET used_at = now()
                WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()
                RETURNING operator_id)
            INSERT INTO operator_sessions (session_hash, operator_id, expires_at)
            SELECT $2, operator_id, now() + $3 FROM used
            RETURNING operator_id
            """);
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = Hash(token) });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = Hash(session) });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = sessionLifetime });
        return await command.ExecuteScalarAsync(cancellationToken) is long operatorId ? (operatorId, session) : null;
    }

    /// <summary>The operator a live session belongs to, or null.</summary>
    public async Task<long?> FindSessionAsync(string? session, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(session) || session.Length > 100)
        {
            return null;
        }

        await using var command = dataSource.CreateCommand("SELECT operator_id FROM operator_sessions WHERE session_hash = $1 AND expires_at > now()");
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = Hash(session) });
        return await command.ExecuteScalarAsync(cancellationToken) as long?;
    }

    public async Task EndSessionAsync(string? session, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(session))
        {
            return;
        }

        await using var command = dataSource.CreateCommand("DELETE FROM operator_sessions WHERE session_hash = $1 OR expires_at < now() - interval '1 day'");
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = Hash(session) });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
