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
            ReportGrouping.Provider => "a.provider",
            ReportGrouping.Model => "a.provider || '/' || a.model",
            ReportGrouping.User => "a.user_id::text",
            ReportGrouping.Project => "COALESCE(a.project_id::text, '(none)')",
            ReportGrouping.Key => "COALESCE(a.provider || ' #' || a.key_id::text, a.provider || ' (no key)')",
            _ => PeriodKey(by, "a.created_at") ?? (by == ReportGrouping.TaskType ? "a.task_type" : throw new ArgumentOutOfRangeException(nameof(by), by, "Unknown grouping.")),
        };
        await using var command = dataSource.CreateCommand($"""
            SELECT {key} AS key, count(*), COALESCE(sum(a.input_tokens), 0)::bigint, COALESCE(sum(a.output_tokens), 0)::bigint,
                   COALESCE(sum(a.charged_cost_usd), 0), COALESCE(sum(a.credits_charged), 0),
                   COALESCE(sum(a.cached_input_tokens), 0)::bigint, COALESCE(sum(a.reasoning_tokens), 0)::bigint,
                   COALESCE(sum(a.cache_write_tokens), 0)::bigint,
                   COALESCE(sum(s.free_credits), 0), COALESCE(sum(s.cost_free_usd), 0)
            FROM api_key_usage a
            JOIN report_usage_split($1, $2) s ON s.usage_id = a.usage_id
            WHERE a.created_at >= $1 AND a.created_at < $2
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
                reader.GetDecimal(4), credits, credits * creditValueUsd, reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8),
                reader.GetDecimal(9), reader.GetDecimal(10)));
        }

        return rows;
    }

    /// <summary>
    /// Revenue (purchases less refunds, per currency, converted with <paramref name="usdPerUnit"/>; a currency without
    /// a rate is counted, not guessed) against model cost split into paid and free usage, per day, month or period.
    /// </summary>
    public async Task<List<ProfitAndLossRow>> ProfitAndLossAsync(ReportPeriod period, ReportGrouping by, IReadOnlyDictionary<string, decimal> usdPerUnit,
        CancellationToken cancellationToken = default)
    {
        var revenueKey = PeriodKey(by, "created_at") ?? "'period'";
        var usageKey = PeriodKey(by, "a.created_at") ?? "'period'";
        var rows = new SortedDictionary<string, ProfitAndLossRow>(StringComparer.Ordinal);
        ProfitAndLossRow Row(string key) => rows.TryGetValue(key, out var row) ? row : rows[key] = new ProfitAndLossRow(key, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

        await using (var command = dataSource.CreateCommand($"""
            SELECT {revenueKey}, COALESCE(paid_currency, '?'),
                   count(*) FILTER (WHERE kind = 'purchase'), count(*) FILTER (WHERE kind = 'refund'),
                   COALESCE(sum(paid_amount) FILTER (WHERE kind = 'purchase'), 0) - COALESCE(sum(paid_amount) FILTER (WHERE kind = 'refund'), 0),
                   COALESCE(sum(credits_amount) FILTER (WHERE kind = 'purchase'), 0),
                   COALESCE(-sum(credits_amount) FILTER (WHERE kind = 'refund'), 0)
            FROM credit_transactions
            WHERE kind IN ('purchase', 'refund') AND created_at >= $1 AND created_at < $2
            GROUP BY 1, 2
            """))
        {
            AddPeriod(command, period);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var row = Row(reader.GetString(0));
                var currency = reader.GetString(1);
                var paid = reader.GetDecimal(4);
                var converted = usdPerUnit.TryGetValue(currency, out var rate);
                rows[row.Key] = row with
                {
                    Purchases = row.Purchases + reader.GetInt64(2),
                    Refunds = row.Refunds + reader.GetInt64(3),
                    StarsNet = row.StarsNet + (currency == "XTR" ? paid : 0),
                    RevenueUsd = row.RevenueUsd + (converted ? paid * rate : 0),
                    CreditsSold = row.CreditsSold + reader.GetDecimal(5),
                    CreditsRefunded = row.CreditsRefunded + reader.GetDecimal(6),
                    UnconvertedPurchases = row.UnconvertedPurchases + (converted ? 0 : reader.GetInt64(2)),
                };
            }
        }

        await using (var command = dataSource.CreateCommand($"""
            SELECT {usageKey}, count(*), COALESCE(sum(a.charged_cost_usd), 0), COALESCE(sum(s.cost_paid_usd), 0), COALESCE(sum(s.cost_free_usd), 0),
                   COALESCE(sum(s.paid_credits), 0), COALESCE(sum(s.free_credits), 0)
            FROM api_key_usage a
            JOIN report_usage_split($1, $2) s ON s.usage_id = a.usage_id
            WHERE a.created_at >= $1 AND a.created_at < $2
            GROUP BY 1
            """))
        {
            AddPeriod(command, period);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var row = Row(reader.GetString(0));
                rows[row.Key] = row with
                {
                    Requests = reader.GetInt64(1),
                    ModelCostUsd = reader.GetDecimal(2),
                    CostOnPaidUsd = reader.GetDecimal(3),
                    CostOnFreeUsd = reader.GetDecimal(4),
                    CreditsUsedPaid = reader.GetDecimal(5),
                    CreditsUsedFree = reader.GetDecimal(6),
                };
            }
        }

        return [.. rows.Values];
    }

    private static string? PeriodKey(ReportGrouping by, string column) => by switch
    {
        ReportGrouping.Day => $"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD')",
        ReportGrouping.Month => $"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM')",
        _ => null,
    };

    public async Task<List<RevenueRow>> RevenueAsync(ReportPeriod period, ReportGrouping by, CancellationToken cancellationToken = default)
    {
        var key = by switch
        {
            ReportGrouping.Day or ReportGrouping.Month => PeriodKey(by, "created_at")!,
            ReportGrouping.User => "user_id::text",
            _ => throw new ArgumentOutOfRangeException(nameof(by), by, "Revenue groups by day, month or user."),
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
