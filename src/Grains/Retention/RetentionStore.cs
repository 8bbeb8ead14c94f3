using Npgsql;

namespace DevBot.Grains.Retention;

/// <summary>The SQL of retention: what is due, purging one project (one transaction), forgetting a user.</summary>
public sealed class RetentionStore(NpgsqlDataSource dataSource)
{
    /// <summary>Every table that holds a project's content (code, words, answers), as opposed to its numbers.</summary>
    private static readonly string[] ContentTables = ["project_files", "conversations", "project_events", "model_responses", "code_chunks", "code_index_state"];

    /// <summary>
    /// Ended, unpurged projects whose retention (the shorter of the default and the user's) has passed and whose
    /// delivery was shown, or that were marked (a user who asked to be forgotten).
    /// </summary>
    public async Task<IReadOnlyList<(Guid ProjectId, long UserId)>> DueAsync(int defaultDays, int max, long? userId = null, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT p.project_id, p.user_id FROM projects p JOIN users u USING (user_id)
            WHERE p.purged_at IS NULL AND p.state IN ('Completed', 'Cancelled', 'Failed')
              AND (p.purge_after <= now()
                   OR (p.completed_at IS NOT NULL AND p.completed_at + make_interval(days => LEAST($1, COALESCE(u.retention_days, $1))) <= now()
                       -- Not before the user has seen the delivery (a bot that is down gets a day to catch up).
                       AND (p.delivered_seq >= p.last_event_seq OR p.completed_at < now() - interval '1 day')))
              AND ($3::bigint IS NULL OR p.user_id = $3)
            ORDER BY p.completed_at NULLS FIRST LIMIT $2
            """);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = defaultDays });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = max });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)userId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        var due = new List<(Guid, long)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add((reader.GetGuid(0), reader.GetInt64(1)));
        }

        return due;
    }

    /// <summary>
    /// Deletes a project's content rows and blanks its title and description, in one transaction; the project row,
    /// usage rows and ledger stay. Returns the rows deleted.
    /// </summary>
    public async Task<int> DeleteContentAsync(Guid projectId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var deleted = 0;
        foreach (var table in ContentTables)
        {
            await using var delete = new NpgsqlCommand($"DELETE FROM {table} WHERE project_id = $1", connection, transaction);
            delete.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = projectId });
            deleted += await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var blank = new NpgsqlCommand(
            "UPDATE projects SET title = NULL, description = NULL, rating_comment = NULL, codebase_index_status = 'not_indexed', updated_at = now() WHERE project_id = $1",
            connection, transaction);
        blank.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = projectId });
        await blank.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    /// <summary>The last step of a purge: the project is no longer due, and has nothing left to show its user.</summary>
    public async Task MarkPurgedAsync(Guid projectId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE projects SET purged_at = COALESCE(purged_at, now()), purge_after = NULL, delivered_seq = last_event_seq, updated_at = now() WHERE project_id = $1");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = projectId });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Deletes content written again for projects purged within <paramref name="window"/>: a step that outlived its
    /// lease may still commit, index or record an answer after its project was purged.
    /// </summary>
    public async Task<int> DeleteLateContentAsync(TimeSpan window, CancellationToken cancellationToken = default)
    {
        await using var batch = dataSource.CreateBatch();
        foreach (var table in ContentTables)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = $"DELETE FROM {table} WHERE project_id IN (SELECT project_id FROM projects WHERE purged_at > now() - $1)";
            command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = window });
            batch.BatchCommands.Add(command);
        }

        return await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Erases the user's profile and conversations now and marks every project of theirs for purging.</summary>
    public async Task ForgetUserAsync(long userId, CancellationToken cancellationToken = default)
    {
        await using var batch = dataSource.CreateBatch();
        foreach (var sql in new[]
                 {
                     "UPDATE users SET username = NULL, display_name = NULL, email = NULL, language_code = NULL, forgotten_at = COALESCE(forgotten_at, now()), updated_at = now() WHERE user_id = $1",
                     "UPDATE projects SET purge_after = now() WHERE user_id = $1 AND purged_at IS NULL",
                     "DELETE FROM conversations WHERE user_id = $1",
                 })
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = sql;
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = userId });
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int?> UserRetentionAsync(long userId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT retention_days FROM users WHERE user_id = $1");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = userId });
        return await command.ExecuteScalarAsync(cancellationToken) as int?;
    }

    public async Task SetUserRetentionAsync(long userId, int? days, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("UPDATE users SET retention_days = $2, updated_at = now() WHERE user_id = $1");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = userId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)days ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
