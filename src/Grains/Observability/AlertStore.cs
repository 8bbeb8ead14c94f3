using DevBot.GrainInterfaces.Admin;
using Npgsql;

namespace DevBot.Grains.Observability;

/// <summary>
/// <c>operator_alerts</c>: one row per incident (kind and subject). A repeat counts and updates the row; it becomes due
/// for sending again only when the last notice is older than the throttle, so a storm is one message per window.
/// </summary>
public sealed class AlertStore(NpgsqlDataSource dataSource)
{
    public async Task RaiseAsync(string kind, string subject, string message, TimeSpan throttle, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO operator_alerts (kind, subject, message) VALUES ($1, $2, $3)
            ON CONFLICT (kind, subject) DO UPDATE SET
                occurrences = operator_alerts.occurrences + 1,
                last_at = now(),
                message = EXCLUDED.message,
                notify_due = operator_alerts.notify_due OR operator_alerts.notified_at IS NULL OR operator_alerts.notified_at < now() - $4
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = kind });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = subject.Length > 500 ? subject[..500] : subject });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = message.Length > 2000 ? message[..2000] : message });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = throttle });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Claims the incidents due (at most once each: the claim is the update), oldest first.</summary>
    public async Task<List<OperatorAlert>> TakeDueAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE operator_alerts a SET notify_due = false, notified_at = now()
            FROM (SELECT alert_id FROM operator_alerts WHERE notify_due ORDER BY alert_id LIMIT $1 FOR UPDATE SKIP LOCKED) due
            WHERE a.alert_id = due.alert_id
            RETURNING a.alert_id, a.kind, a.subject, a.message, a.occurrences, a.first_at, a.last_at, a.notified_at
            """);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Math.Clamp(limit, 1, 100) });
        return (await ReadAsync(command, cancellationToken)).OrderBy(a => a.AlertId).ToList();
    }

    public async Task<List<OperatorAlert>> ListAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT alert_id, kind, subject, message, occurrences, first_at, last_at, notified_at
            FROM operator_alerts ORDER BY last_at DESC, alert_id DESC LIMIT $1
            """);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Math.Clamp(limit, 1, 1000) });
        return await ReadAsync(command, cancellationToken);
    }

    private static async Task<List<OperatorAlert>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<OperatorAlert>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new OperatorAlert(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4),
                reader.GetFieldValue<DateTimeOffset>(5), reader.GetFieldValue<DateTimeOffset>(6), reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7)));
        }

        return rows;
    }
}
