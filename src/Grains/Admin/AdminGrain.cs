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

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
