using DevBot.Gateway;
using Npgsql;
using NpgsqlTypes;

namespace DevBot.Grains.Agents;

/// <summary>The response journal in <c>model_responses</c>.</summary>
public sealed class PostgresResponseJournal(NpgsqlDataSource dataSource) : IResponseJournal
{
    public async Task<RecordedResponse?> FindAsync(string callId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT project_id, messages, input_tokens, output_tokens, reported_cost, key_id, response_ms, cached_input_tokens, cache_write_tokens, reasoning_tokens, finish_reason "
            + "FROM model_responses WHERE call_id = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = callId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new RecordedResponse(callId, reader.IsDBNull(0) ? null : reader.GetGuid(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3),
                reader.IsDBNull(4) ? null : reader.GetDecimal(4), reader.IsDBNull(5) ? null : reader.GetInt64(5), reader.GetInt32(6))
            {
                CachedInputTokens = reader.GetInt64(7),
                CacheWriteTokens = reader.GetInt64(8),
                ReasoningTokens = reader.GetInt64(9),
                FinishReason = reader.IsDBNull(10) ? null : reader.GetString(10),
            }
            : null;
    }

    public async Task RecordAsync(RecordedResponse response, CancellationToken cancellationToken = default)
    {
        // One round trip: BEGIN; SET LOCAL synchronous_commit = off; INSERT; COMMIT. The row is visible at once and
        // survives a silo crash (the case it exists for); only a crash of PostgreSQL itself within ~3 × wal_writer_delay
        // can lose it, and then the step asks the model again, charged once (settling is idempotent by call id). The
        // ledger's own writes stay durable: this saves a WAL flush per model request off the money path.
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL synchronous_commit = off"));
        var command = new NpgsqlBatchCommand("""
            INSERT INTO model_responses (call_id, project_id, messages, input_tokens, output_tokens, reported_cost, key_id, response_ms,
                                         cached_input_tokens, cache_write_tokens, reasoning_tokens, finish_reason)
            SELECT $1, p.project_id, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12
            FROM (SELECT $2::uuid AS wanted) w LEFT JOIN projects p ON p.project_id = w.wanted
            ON CONFLICT (call_id) DO NOTHING
            """);
        batch.BatchCommands.Add(command);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = response.CallId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)response.ProjectId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = response.MessagesJson });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = response.InputTokens });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = response.OutputTokens });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)response.ReportedCostUsd ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Numeric });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)response.KeyId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = response.ResponseMs });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = response.CachedInputTokens });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = response.CacheWriteTokens });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = response.ReasoningTokens });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)response.FinishReason ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }
}
