using System.Runtime.InteropServices;
using Npgsql;
using NpgsqlTypes;

namespace DevBot.CodeIndex;

/// <summary>The chunks and vectors of project indexes in PostgreSQL; a changed file's rows are replaced together.</summary>
public sealed class CodeIndexStore(NpgsqlDataSource dataSource)
{
    public async Task<IndexState?> LoadStateAsync(Guid projectId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT embedder, indexed_commit, status, error FROM code_index_state WHERE project_id = $1");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = projectId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new IndexState(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3))
            : null;
    }

    public async Task<List<(CodeChunk Chunk, float[] Vector)>> LoadChunksAsync(Guid projectId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT chunk_id, path, start_line, end_line, kind, symbol, content, vector FROM code_chunks WHERE project_id = $1");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = projectId });
        var chunks = new List<(CodeChunk, float[])>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var bytes = reader.GetFieldValue<byte[]>(7);
            chunks.Add((new CodeChunk(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetString(6)), MemoryMarshal.Cast<byte, float>(bytes).ToArray()));
        }

        return chunks;
    }

    public async Task SetStatusAsync(Guid projectId, string embedder, string status, string? error, CancellationToken cancellationToken = default)
    {
        await using var batch = dataSource.CreateBatch();
        var state = batch.CreateBatchCommand();
        state.CommandText = """
            INSERT INTO code_index_state (project_id, embedder, status, error) VALUES ($1, $2, $3, $4)
            ON CONFLICT (project_id) DO UPDATE SET status = excluded.status, error = excluded.error, updated_at = now()
            """;
        state.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = projectId });
        state.Parameters.Add(new NpgsqlParameter<string> { TypedValue = embedder });
        state.Parameters.Add(new NpgsqlParameter<string> { TypedValue = status });
        state.Parameters.Add(new NpgsqlParameter { Value = (object?)error ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        batch.BatchCommands.Add(state);
        batch.BatchCommands.Add(MirrorStatus(batch, projectId, status));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Replaces the rows of <paramref name="paths"/> with <paramref name="chunks"/> (their current chunks), records the
    /// commit and embedder, and marks the index indexed, in one transaction.
    /// </summary>
    public async Task SaveFilesAsync(Guid projectId, string embedder, string commit, IReadOnlyCollection<string> paths,
        IEnumerable<(CodeChunk Chunk, float[] Vector)> chunks, bool replaceAll, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var delete = new NpgsqlCommand(
                         replaceAll ? "DELETE FROM code_chunks WHERE project_id = $1" : "DELETE FROM code_chunks WHERE project_id = $1 AND path = ANY($2)",
                         connection, transaction))
        {
            delete.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = projectId });
            if (!replaceAll)
            {
                delete.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = paths.ToArray() });
            }

            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var import = await connection.BeginBinaryImportAsync(
                         "COPY code_chunks (project_id, chunk_id, path, start_line, end_line, kind, symbol, content, vector) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (chunk, vector) in chunks)
            {
                if (!seen.Add(chunk.Id))
                {
                    continue; // identical chunks of one file share an id (and a vector)
                }

                await import.StartRowAsync(cancellationToken);
                await import.WriteAsync(projectId, NpgsqlDbType.Uuid, cancellationToken);
                await import.WriteAsync(chunk.Id, NpgsqlDbType.Text, cancellationToken);
                await import.WriteAsync(chunk.Path, NpgsqlDbType.Text, cancellationToken);
                await import.WriteAsync(chunk.StartLine, NpgsqlDbType.Integer, cancellationToken);
                await import.WriteAsync(chunk.EndLine, NpgsqlDbType.Integer, cancellationToken);
                await import.WriteAsync(chunk.Kind, NpgsqlDbType.Text, cancellationToken);
                if (chunk.Symbol is null)
                {
                    await import.WriteNullAsync(cancellationToken);
                }
                else
                {
                    await import.WriteAsync(chunk.Symbol, NpgsqlDbType.Text, cancellationToken);
                }

                await import.WriteAsync(chunk.Content.Replace("\0", string.Empty, StringComparison.Ordinal), NpgsqlDbType.Text, cancellationToken);
                await import.WriteAsync(MemoryMarshal.AsBytes(vector.AsSpan()).ToArray(), NpgsqlDbType.Bytea, cancellationToken);
            }

            await import.CompleteAsync(cancellationToken);
        }

        await using (var state = new NpgsqlCommand("""
                         INSERT INTO code_index_state (project_id, embedder, indexed_commit, status) VALUES ($1, $2, $3, 'indexed')
                         ON CONFLICT (project_id) DO UPDATE
                         SET embedder = excluded.embedder, indexed_commit = excluded.indexed_commit, status = 'indexed', error = NULL, updated_at = now()
                         """, connection, transaction))
        {
            state.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = projectId });
            state.Parameters.Add(new NpgsqlParameter<string> { TypedValue = embedder });
            state.Parameters.Add(new NpgsqlParameter<string> { TypedValue = commit });
            await state.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var mirror = new NpgsqlCommand("UPDATE projects SET codebase_index_status = 'indexed', updated_at = now() WHERE project_id = $1", connection, transaction))
        {
            mirror.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = projectId });
            await mirror.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static NpgsqlBatchCommand MirrorStatus(NpgsqlBatch batch, Guid projectId, string status)
    {
        var mirror = batch.CreateBatchCommand();
        mirror.CommandText = "UPDATE projects SET codebase_index_status = $2, updated_at = now() WHERE project_id = $1";
        mirror.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = projectId });
        mirror.Parameters.Add(new NpgsqlParameter<string> { TypedValue = status });
        return mirror;
    }
}
