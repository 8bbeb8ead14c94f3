using DevBot.GrainInterfaces.FrontEnd;
using Npgsql;

namespace DevBot.Grains.FrontEnd;

/// <summary>The SQL behind <see cref="FrontEndGrain"/>: leases are single statements, so two silos never grant one lease twice.</summary>
public sealed class FrontEndStore(NpgsqlDataSource dataSource)
{
    public async Task<bool> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO front_end_leases (lease_name, holder, expires_at) VALUES ($1, $2, now() + $3)
            ON CONFLICT (lease_name) DO UPDATE
            SET holder = excluded.holder, expires_at = excluded.expires_at,
                acquired_at = CASE WHEN front_end_leases.holder = excluded.holder THEN front_end_leases.acquired_at ELSE now() END
            WHERE front_end_leases.holder = excluded.holder OR front_end_leases.expires_at < now()
            RETURNING holder
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = holder });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = duration });
        return await command.ExecuteScalarAsync(cancellationToken) is string;
    }

    public async Task ReleaseAsync(string name, string holder, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM front_end_leases WHERE lease_name = $1 AND holder = $2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = holder });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<long> DeliveredSeqAsync(Guid projectId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT delivered_seq FROM projects WHERE project_id = $1");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = projectId });
        return await command.ExecuteScalarAsync(cancellationToken) is long seq ? seq : 0;
    }

    public async Task<IReadOnlyList<UndeliveredProject>> UndeliveredAsync(long fromUserId, long toUserId, int max, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT project_id, user_id, delivered_seq, last_event_seq FROM projects
            WHERE last_event_seq > delivered_seq AND user_id BETWEEN $1 AND $2 ORDER BY updated_at LIMIT $3
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = fromUserId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = toUserId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = max });
        var rows = new List<UndeliveredProject>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new UndeliveredProject(reader.GetGuid(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
        }

        return rows;
    }
}
