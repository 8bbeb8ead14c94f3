using System.Security.Cryptography;
using Npgsql;

namespace DevBot.Workspace.Git;

/// <summary>
/// Keeps each project's history in <c>project_files</c> (kind <c>repository_bundle</c>) as a chain of bundles: the
/// full bundle at sequence 0 (<c>history.bundle</c>, the only row older versions wrote) and one row per later save.
/// A row without a sequence is a full bundle written before chains existed.
/// </summary>
public sealed class PostgresRepositoryStore(NpgsqlDataSource dataSource) : IRepositoryStore
{
    private const string BaseName = "history.bundle";

    // The prerequisite check and the next sequence are one statement: a writer that read an old head inserts nothing,
    // and two writers that read the same head collide on the unique sequence, the later one inserting nothing.
    private const string AppendSql = """
        WITH last AS (
            SELECT COALESCE(history_seq, 0) AS seq, commit_id FROM project_files
            WHERE project_id = $1 AND kind = 'repository_bundle'
            ORDER BY COALESCE(history_seq, 0) DESC LIMIT 1),
        next AS (SELECT COALESCE((SELECT seq + 1 FROM last), 0) AS seq)
        INSERT INTO project_files (project_id, kind, name, content, sha256, size_bytes, commit_id, history_seq, prerequisite_commit_id)
        SELECT $1, 'repository_bundle',
               CASE WHEN next.seq = 0 THEN 'history.bundle' ELSE 'history.' || lpad(next.seq::text, 8, '0') || '.bundle' END,
               $2, $3, $4, $5, next.seq, $6
        FROM next
        WHERE (SELECT commit_id FROM last) IS NOT DISTINCT FROM $6
        ON CONFLICT DO NOTHING
        """;

    private const string ShapeSql = """
        SELECT count(*) FILTER (WHERE COALESCE(history_seq, 0) > 0)::int,
               COALESCE(sum(size_bytes) FILTER (WHERE COALESCE(history_seq, 0) = 0), 0)::bigint,
               COALESCE(sum(size_bytes) FILTER (WHERE COALESCE(history_seq, 0) > 0), 0)::bigint
        FROM project_files WHERE project_id = $1 AND kind = 'repository_bundle'
        """;

    public async Task<StoredHistory> AppendAsync(Guid projectId, StoredRepository link, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var append = new NpgsqlCommand(AppendSql, connection))
        {
            append.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = projectId });
            append.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = link.Bundle });
            append.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = SHA256.HashData(link.Bundle) });
            append.Parameters.Add(new NpgsqlParameter<long> { TypedValue = link.Bundle.LongLength });
            append.Parameters.Add(new NpgsqlParameter<string> { TypedValue = link.HeadSha });
            append.Parameters.Add(new NpgsqlParameter { Value = (object?)link.PrerequisiteSha ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            if (await append.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                throw new StaleHistoryException(projectId, await HeadAsync(connection, projectId, null, cancellationToken),
                    $"a link building on {link.PrerequisiteSha ?? "nothing"} was refused.");
            }
        }

        await using var shape = new NpgsqlCommand(ShapeSql, connection);
        shape.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = projectId });
        await using var reader = await shape.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new StoredHistory(reader.GetInt32(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    public async Task<bool> CompactAsync(Guid projectId, StoredRepository full, CancellationToken cancellationToken = default)
    {
        if (full.PrerequisiteSha is not null)
        {
            throw new ArgumentException("A compacted history is a full bundle: it has no prerequisite.", nameof(full));
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Locks the chain against another compaction; an append racing with this one adds a link after the head
        // compacted here, which stays valid (its prerequisite is that head).
        int? through;
        await using (var find = new NpgsqlCommand("""
                         SELECT COALESCE(history_seq, 0) AS seq, commit_id FROM project_files
                         WHERE project_id = $1 AND kind = 'repository_bundle' ORDER BY 1 FOR UPDATE
                         """, connection, transaction))
        {
            find.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = projectId });
            through = null;
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (reader.GetString(1) == full.HeadSha)
                {
                    through = reader.GetInt32(0);
                }
            }
        }

        if (through is null)
        {
            return false;
        }

        await using (var delete = new NpgsqlCommand(
                         "DELETE FROM project_files WHERE project_id = $1 AND kind = 'repository_bundle' AND COALESCE(history_seq, 0) BETWEEN 1 AND $2",
                         connection, transaction))
        {
            delete.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = projectId });
            delete.Parameters.Add(new NpgsqlParameter<int> { TypedValue = through.Value });
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var replace = new NpgsqlCommand("""
                         UPDATE project_files
                         SET content = $3, sha256 = $4, size_bytes = $5, commit_id = $6, history_seq = 0, prerequisite_commit_id = NULL, updated_at = now()
                         WHERE project_id = $1 AND kind = 'repository_bundle' AND name = $2
                         """, connection, transaction))
        {
            replace.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = projectId });
            replace.Parameters.Add(new NpgsqlParameter<string> { TypedValue = BaseName });
            replace.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = full.Bundle });
            replace.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = SHA256.HashData(full.Bundle) });
            replace.Parameters.Add(new NpgsqlParameter<long> { TypedValue = full.Bundle.LongLength });
            replace.Parameters.Add(new NpgsqlParameter<string> { TypedValue = full.HeadSha });
            if (await replace.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                throw new InvalidDataException($"The stored history of project {projectId} has no full bundle to compact into.");
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<string?> HeadAsync(Guid projectId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await HeadAsync(connection, projectId, null, cancellationToken);
    }

    public async Task<IReadOnlyList<StoredRepository>> LoadAsync(Guid projectId, CancellationToken cancellationToken = default)
    {
        // One statement, one snapshot: a compaction committing meanwhile is seen whole or not at all.
        await using var command = dataSource.CreateCommand("""
            SELECT content, commit_id, sha256, prerequisite_commit_id FROM project_files
            WHERE project_id = $1 AND kind = 'repository_bundle' ORDER BY COALESCE(history_seq, 0)
            """);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = projectId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var chain = new List<StoredRepository>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var bundle = reader.GetFieldValue<byte[]>(0);
            if (!SHA256.HashData(bundle).AsSpan().SequenceEqual(reader.GetFieldValue<byte[]>(2)))
            {
                throw new InvalidDataException($"The stored repository of project {projectId} is corrupt (checksum mismatch).");
            }

            chain.Add(new StoredRepository(bundle, reader.GetString(1), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return chain;
    }

    private static async Task<string?> HeadAsync(NpgsqlConnection connection, Guid projectId, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT commit_id FROM project_files WHERE project_id = $1 AND kind = 'repository_bundle'
            ORDER BY COALESCE(history_seq, 0) DESC LIMIT 1
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = projectId });
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }
}
