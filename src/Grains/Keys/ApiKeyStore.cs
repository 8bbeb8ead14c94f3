using DevBot.Gateway.Keys;
using Npgsql;
using NpgsqlTypes;

namespace DevBot.Grains.Keys;

/// <summary>The <c>api_keys</c> table. Secrets are only ever written encrypted.</summary>
public sealed class ApiKeyStore(NpgsqlDataSource dataSource)
{
    private const string Columns =
        "key_id, provider, label, secret_ciphertext, secret_nonce, secret_tag, last4, status, status_reason, expires_at, cooldown_until, last_used_at, usage_count, created_at, error_count, last_error, last_error_at";

    public async Task<List<StoredApiKey>> ListAsync(string provider, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM api_keys WHERE provider = $1 ORDER BY key_id");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = provider });
        var keys = new List<StoredApiKey>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(Read(reader));
        }

        return keys;
    }

    /// <summary>Inserts a key unless the same secret is already stored for the provider; null when it was.</summary>
    public async Task<StoredApiKey?> InsertAsync(string provider, EncryptedSecret secret, byte[] fingerprint, string last4, string? label, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"""
            INSERT INTO api_keys (provider, label, secret_ciphertext, secret_nonce, secret_tag, fingerprint, last4, expires_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (provider, fingerprint) DO NOTHING
            RETURNING {Columns}
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = provider });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)label ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = secret.Ciphertext });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = secret.Nonce });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = secret.Tag });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = fingerprint });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = last4 });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)expiresAt?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task SetStatusAsync(long keyId, string status, string? reason, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE api_keys SET status = $2, status_reason = $3, updated_at = now() WHERE key_id = $1");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = keyId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = status });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)reason ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task SetCooldownAsync(long keyId, DateTimeOffset? until, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("UPDATE api_keys SET cooldown_until = $2, updated_at = now() WHERE key_id = $1");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = keyId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)until?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task FlushUsageAsync(IReadOnlyList<StoredApiKey> keys, CancellationToken cancellationToken = default)
    {
        if (keys.Count == 0)
        {
            return;
        }

        await using var command = dataSource.CreateCommand("""
            UPDATE api_keys k SET last_used_at = u.last_used, usage_count = u.usage_count, error_count = u.error_count,
                                  last_error = u.last_error, last_error_at = u.last_error_at
            FROM unnest($1::bigint[], $2::timestamptz[], $3::bigint[], $4::bigint[], $5::text[], $6::timestamptz[])
                 AS u(key_id, last_used, usage_count, error_count, last_error, last_error_at)
            WHERE k.key_id = u.key_id
            """);
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = keys.Select(k => k.KeyId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<DateTime[]> { TypedValue = keys.Select(k => (k.LastUsedAt ?? DateTimeOffset.UtcNow).UtcDateTime).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = keys.Select(k => k.UsageCount).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = keys.Select(k => k.ErrorCount).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = keys.Select(k => k.LastError).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = keys.Select(k => k.LastErrorAt?.UtcDateTime).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<long> CountAllAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM api_keys");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static StoredApiKey Read(NpgsqlDataReader reader) => new()
    {
        KeyId = reader.GetInt64(0),
        Provider = reader.GetString(1),
        Label = reader.IsDBNull(2) ? null : reader.GetString(2),
        Ciphertext = reader.GetFieldValue<byte[]>(3),
        Nonce = reader.GetFieldValue<byte[]>(4),
        Tag = reader.GetFieldValue<byte[]>(5),
        Last4 = reader.GetString(6),
        Status = reader.GetString(7),
        StatusReason = reader.IsDBNull(8) ? null : reader.GetString(8),
        ExpiresAt = reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9),
        CooldownUntil = reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10),
        LastUsedAt = reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11),
        UsageCount = reader.GetInt64(12),
        CreatedAt = reader.GetFieldValue<DateTimeOffset>(13),
        ErrorCount = reader.GetInt64(14),
        LastError = reader.IsDBNull(15) ? null : reader.GetString(15),
        LastErrorAt = reader.IsDBNull(16) ? null : reader.GetFieldValue<DateTimeOffset>(16),
    };
}
