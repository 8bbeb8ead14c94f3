using DevBot.GrainInterfaces.Reports;
using Npgsql;

namespace DevBot.Grains.Reports;

/// <summary>Report queries over <c>api_key_usage</c> and <c>credit_transactions</c>; periods are [since, until).</summary>
public sealed class ReportStore(NpgsqlDataSource dataSource)
{
    public async Task<List<SpendRow>> SpendAsync(ReportPeriod period, ReportGrouping by, decimal creditValueUsd, CancellationToken cancellationToken = default)
    {
        var key = by switch
        {
            ReportGrouping.Provider => "provider",
            ReportGrouping.Model => "provider || '/' || model",
            ReportGrouping.User => "user_id::text",
            ReportGrouping.Project => "COALESCE(project_id::text, '(none)')",
            ReportGrouping.Day => "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')",
            ReportGrouping.TaskType => "task_type",
            _ => throw new ArgumentOutOfRangeException(nameof(by), by, "Unknown grouping."),
        };
        await using var command = dataSource.CreateCommand($"""
            SELECT {key} AS key, count(*), COALESCE(sum(input_tokens), 0)::bigint, COALESCE(sum(output_tokens), 0)::bigint,
                   COALESCE(sum(charged_cost_usd), 0), COALESCE(sum(credits_charged), 0),
                   COALESCE(sum(cached_input_tokens), 0)::bigint, COALESCE(sum(reasoning_tokens), 0)::bigint,
                   COALESCE(sum(cache_write_tokens), 0)::bigint
            FROM api_key_usage
            WHERE created_at >= $1 AND created_at < $2
            GROUP BY 1
            ORDER BY 5 DESC, 1
            """);
        AddPeriod(command, period);
        var rows = new List<SpendRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var credits = reader.GetDecimal(5);
            rows.Add(new SpendRow(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3),
                reader.GetDecimal(4), credits, credits * creditValueUsd, reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8)));
        }

        return rows;
    }

    public async Task<List<RevenueRow>> RevenueAsync(ReportPeriod period, ReportGrouping by, CancellationToken cancellationToken = default)
    {
        var key = by switch
        {
            ReportGrouping.Day => "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')",
            ReportGrouping.User => "user_id::text",
            _ => throw new ArgumentOutOfRangeException(nameof(by), by, "Revenue groups by day or user."),
        };
        await using var command = dataSource.CreateCommand($"""
            SELECT {key} AS key, COALESCE(paid_currency, '?'),
                   count(*) FILTER (WHERE kind = 'purchase'),
                   COALESCE(sum(paid_amount) FILTER (WHERE kind = 'purchase'), 0),
                   COALESCE(sum(credits_amount) FILTER (WHERE kind = 'purchase'), 0),
                   count(*) FILTER (WHERE kind = 'refund'),
                   COALESCE(sum(paid_amount) FILTER (WHERE kind = 'refund'), 0),
                   COALESCE(-sum(credits_amount) FILTER (WHERE kind = 'refund'), 0)
            FROM credit_transactions
            WHERE kind IN ('purchase', 'refund') AND created_at >= $1 AND created_at < $2
            GROUP BY 1, 2
            ORDER BY 1, 2
            """);
        AddPeriod(command, period);
        var rows = new List<RevenueRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new RevenueRow(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetDecimal(3),
                reader.GetDecimal(4), reader.GetInt64(5), reader.GetDecimal(6), reader.GetDecimal(7)));
        }

        return rows;
    }

    public async Task<List<TopUserRow>> TopUsersAsync(ReportPeriod period, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            WITH spend AS (
                SELECT user_id, count(*) AS requests, sum(credits_charged) AS credits, sum(charged_cost_usd) AS cost
                FROM api_key_usage WHERE created_at >= $1 AND created_at < $2 GROUP BY user_id),
            bought AS (
                SELECT user_id, sum(credits_amount) AS credits
                FROM credit_transactions WHERE kind = 'purchase' AND created_at >= $1 AND created_at < $2 GROUP BY user_id)
            SELECT u.user_id, u.username, COALESCE(s.requests, 0), COALESCE(s.credits, 0), COALESCE(s.cost, 0), COALESCE(b.credits, 0)
            FROM users u
            LEFT JOIN spend s ON s.user_id = u.user_id
            LEFT JOIN bought b ON b.user_id = u.user_id
            WHERE s.user_id IS NOT NULL OR b.user_id IS NOT NULL
            ORDER BY COALESCE(s.credits, 0) DESC, u.user_id
            LIMIT $3
            """);
        AddPeriod(command, period);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var rows = new List<TopUserRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new TopUserRow(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2),
                reader.GetDecimal(3), reader.GetDecimal(4), reader.GetDecimal(5)));
        }

        return rows;
    }

    private static void AddPeriod(NpgsqlCommand command, ReportPeriod period)
    {
        if (period.Until <= period.Since)
        {
            throw new ArgumentException("A report period must end after it starts.");
        }

        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = period.Since.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = period.Until.UtcDateTime });
    }
}
