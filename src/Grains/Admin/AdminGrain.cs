using DevBot.GrainInterfaces.Admin;
using Npgsql;
using Orleans.Concurrency;

namespace DevBot.Grains.Admin;

[StatelessWorker]
public sealed class AdminGrain(NpgsqlDataSource dataSource) : Grain, IAdminGrain
{
    public async Task<IReadOnlyList<UserRow>> ListUsersAsync(string? search, int limit, int offset)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT u.user_id, u.username, u.display_name, u.credits_balance, u.credits_held,
                   (SELECT count(*) FROM projects p WHERE p.user_id = u.user_id)::int, u.created_at, u.forgotten_at IS NOT NULL
            FROM users u
            WHERE $1::text IS NULL OR u.user_id::text = $1 OR u.username ILIKE '%' || $1 || '%' OR u.display_name ILIKE '%' || $1 || '%'
            ORDER BY u.created_at DESC, u.user_id LIMIT $2 OFFSET $3
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)search ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Math.Clamp(limit, 1, 1000) });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Math.Max(0, offset) });
        var rows = new List<UserRow>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new UserRow(reader.GetInt64(0), Text(reader, 1), Text(reader, 2), reader.GetDecimal(3), reader.GetDecimal(4), reader.GetInt32(5),
                reader.GetFieldValue<DateTimeOffset>(6), reader.GetBoolean(7)));
        }

        return rows;
    }

    public async Task<UserRow?> GetUserAsync(long userId) =>
        (await ListUsersAsync(userId.ToString(System.Globalization.CultureInfo.InvariantCulture), 50, 0)).FirstOrDefault(u => u.UserId == userId);

    public async Task<IReadOnlyList<ProjectRow>> ListProjectsAsync(long? userId, string? state, int limit, int offset)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT project_id, user_id, title, state, credits_used, estimate_credits, todo_done, todo_total, created_at, completed_at, purged_at IS NOT NULL
            FROM projects
            WHERE ($1::bigint IS NULL OR user_id = $1) AND ($2::text IS NULL OR lower(state) = lower($2))
            ORDER BY created_at DESC, project_id LIMIT $3 OFFSET $4
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)userId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)state ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Math.Clamp(limit, 1, 1000) });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Math.Max(0, offset) });
        var rows = new List<ProjectRow>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new ProjectRow(reader.GetGuid(0), reader.GetInt64(1), Text(reader, 2), reader.GetString(3), reader.GetDecimal(4),
                reader.IsDBNull(5) ? null : reader.GetDecimal(5), reader.GetInt32(6), reader.GetInt32(7), reader.GetFieldValue<DateTimeOffset>(8),
                reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9), reader.GetBoolean(10)));
        }

        return rows;
    }

    public async Task RecordActionAsync(OperatorAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        await using var command = dataSource.CreateCommand("INSERT INTO operator_actions (operator, action, target, details) VALUES ($1, $2, $3, $4)");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = string.IsNullOrWhiteSpace(action.Operator) ? "unknown" : action.Operator.Trim() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = action.Action });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)action.Target ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)action.Details ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync();
    }

    public async Task<IReadOnlyList<OperatorAction>> ListActionsAsync(int limit)
    {
        await using var command = dataSource.CreateCommand("SELECT operator, action, target, details, created_at FROM operator_actions ORDER BY action_id DESC LIMIT $1");
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Math.Clamp(limit, 1, 1000) });
        var rows = new List<OperatorAction>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new OperatorAction(reader.GetString(0), reader.GetString(1), Text(reader, 2), Text(reader, 3), reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return rows;
    }

    public async Task<IReadOnlyList<UsageLogRow>> ListUsageAsync(long? userId, string? model, DateTimeOffset since, int limit)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT usage_id, created_at, user_id, project_id, provider, model, key_id, task_type, input_tokens, output_tokens, charged_cost_usd, credits_charged
            FROM api_key_usage
            WHERE created_at >= $1 AND ($2::bigint IS NULL OR user_id = $2)
              AND ($3::text IS NULL OR (provider || '/' || model) ILIKE '%' || $3 || '%')
            ORDER BY created_at DESC, usage_id DESC LIMIT $4
            """);
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = since.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)userId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = string.IsNullOrWhiteSpace(model) ? DBNull.Value : model.Trim(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Math.Clamp(limit, 1, 1000) });
        var rows = new List<UsageLogRow>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new UsageLogRow(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetGuid(3),
                reader.GetString(4), reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetInt64(6), reader.GetString(7), reader.GetInt32(8), reader.GetInt32(9),
                reader.GetDecimal(10), reader.GetDecimal(11)));
        }

        return rows;
    }

    public async Task<ProjectOutcomes> GetProjectOutcomesAsync(DateTimeOffset since)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT count(*) FILTER (WHERE state = 'Completed'), count(*) FILTER (WHERE state = 'Failed'), count(*) FILTER (WHERE state = 'Cancelled'),
                   count(*) FILTER (WHERE state NOT IN ('Completed', 'Failed', 'Cancelled', 'Paused')), count(*) FILTER (WHERE state = 'Paused'),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM completed_at - created_at) / 60.0) FILTER (WHERE state = 'Completed' AND completed_at IS NOT NULL),
                   count(rating), round(avg(rating), 2)
            FROM projects WHERE created_at >= $1
            """);
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = since.UtcDateTime });
        ProjectOutcomes outcomes;
        await using (var reader = await command.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            outcomes = new ProjectOutcomes(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
                reader.IsDBNull(5) ? null : reader.GetDouble(5), RatedProjects: reader.GetInt64(6), AverageRating: reader.IsDBNull(7) ? null : reader.GetDecimal(7));
        }

        // The news kinds are the "$news" discriminators of ProjectNews as stored in project_events.
        await using var news = dataSource.CreateCommand("""
            WITH n AS (
                SELECT e.project_id, e.payload::jsonb #>> '{news,$news}' AS kind
                FROM project_events e JOIN projects p ON p.project_id = e.project_id
                WHERE p.created_at >= $1)
            SELECT count(DISTINCT project_id) FILTER (WHERE kind = 'testsPassed'),
                   count(*) FILTER (WHERE kind = 'reviewPassed'), count(*) FILTER (WHERE kind = 'reviewFoundGaps'),
                   count(*) FILTER (WHERE kind IN ('pausedForCredits', 'pausedAtCap')),
                   count(*) FILTER (WHERE kind IN ('pausedItemFailing', 'pausedReviewRepeats'))
            FROM n
            """);
        news.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = since.UtcDateTime });
        await using var counts = await news.ExecuteReaderAsync();
        await counts.ReadAsync();
        return outcomes with
        {
            TestsPassedProjects = counts.GetInt64(0), ReviewsPassed = counts.GetInt64(1), ReviewsWithGaps = counts.GetInt64(2),
            CreditPauses = counts.GetInt64(3), LoopPauses = counts.GetInt64(4),
        };
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
