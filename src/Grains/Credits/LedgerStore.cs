using DevBot.GrainInterfaces.Credits;
using Npgsql;
using NpgsqlTypes;

namespace DevBot.Grains.Credits;

/// <summary>
/// The ledger's SQL: each mutation calls one of the <c>ledger_*</c> functions (migrations 0006, 0013), a single statement
/// and transaction. The ledger grain is its only caller in the running system; the benchmark calls it directly
/// as the no-Orleans baseline.
/// </summary>
public sealed class LedgerStore(NpgsqlDataSource dataSource)
{
    public async Task<LedgerOutcome> PostAsync(
        long userId, string idempotencyKey, string kind, decimal credits, string? chargeId, decimal? paidAmount,
        string? paidCurrency, string? description, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT status, transaction_id, credits_amount, balance, held FROM ledger_post($1, $2, $3, $4, $5, $6, $7, $8, $9)");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = userId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = idempotencyKey });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = kind });
        command.Parameters.Add(new NpgsqlParameter<decimal> { TypedValue = credits });
        command.Parameters.Add(new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(Text(chargeId));
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)paidAmount ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Numeric });
        command.Parameters.Add(Text(paidCurrency));
        command.Parameters.Add(Text(description));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new LedgerOutcome(reader.GetString(0), reader.GetDecimal(2), reader.GetDecimal(3), reader.GetDecimal(4),
            reader.IsDBNull(1) ? null : reader.GetInt64(1), null);
    }

    public async Task<LedgerOutcome> ReserveAsync(
        long userId, string callId, decimal credits, TimeSpan ttl, Guid? projectId, string provider, string model,
        int priceVersion, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT status, amount, balance, held, expires_at FROM ledger_reserve($1, $2, $3, $4, $5, $6, $7, $8)");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = userId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = callId });
        command.Parameters.Add(new NpgsqlParameter<decimal> { TypedValue = credits });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = ttl, NpgsqlDbType = NpgsqlDbType.Interval });
        command.Parameters.Add(Uuid(projectId));
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = provider });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = model });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = priceVersion });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new LedgerOutcome(reader.GetString(0), reader.GetDecimal(1), reader.GetDecimal(2), reader.GetDecimal(3), null,
            reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4));
    }

    public async Task<LedgerOutcome> SettleAsync(
        long userId, string callId, ModelUsage usage, int priceVersion, decimal computedCostUsd, decimal chargedCostUsd,
        decimal credits, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT status, usage_id, credits_charged, cost_usd, balance, held FROM ledger_settle($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = userId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = callId });
        command.Parameters.Add(Uuid(usage.ProjectId));
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)usage.KeyId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = usage.Provider });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = usage.Model });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = usage.TaskType });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = usage.InputTokens });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = usage.OutputTokens });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = usage.Images });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = usage.ResponseMs });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = priceVersion });
        command.Parameters.Add(new NpgsqlParameter<decimal> { TypedValue = computedCostUsd });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)usage.ProviderReportedCostUsd ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Numeric });
        command.Parameters.Add(new NpgsqlParameter<decimal> { TypedValue = chargedCostUsd });
        command.Parameters.Add(new NpgsqlParameter<decimal> { TypedValue = credits });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = usage.CachedInputTokens });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = usage.ReasoningTokens });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = usage.CacheWriteTokens });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new LedgerOutcome(reader.GetString(0), reader.GetDecimal(2), reader.GetDecimal(4), reader.GetDecimal(5),
            reader.IsDBNull(1) ? null : reader.GetInt64(1), null, reader.GetDecimal(3));
    }

    public async Task<LedgerOutcome> VoidAsync(long userId, string callId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT status, released, balance, held FROM ledger_void($1, $2)");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = userId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = callId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new LedgerOutcome(reader.GetString(0), reader.GetDecimal(1), reader.GetDecimal(2), reader.GetDecimal(3), null, null);
    }

    /// <summary>Expires the user's stale holds; returns the number still open and when the next one expires.</summary>
    public async Task<(long OpenHolds, DateTimeOffset? NextExpiry, CreditBalance Balance)> ExpireHoldsAsync(long userId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT open_holds, next_expiry, balance, held FROM ledger_expire_holds($1)");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = userId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1),
            new CreditBalance(reader.GetDecimal(2), reader.GetDecimal(3)));
    }

    public async Task<CreditBalance> GetBalanceAsync(long userId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT credits_balance, credits_held FROM users WHERE user_id = $1");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = userId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new CreditBalance(reader.GetDecimal(0), reader.GetDecimal(1))
            : new CreditBalance(0m, 0m);
    }

    public async Task<List<OpenHold>> GetOpenHoldsAsync(long userId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT call_id, amount, provider, model, price_version, project_id, expires_at FROM credit_holds WHERE user_id = $1 AND status = 'open'");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = userId });
        var holds = new List<OpenHold>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            holds.Add(ReadHold(reader));
        }

        return holds;
    }

    /// <summary>A hold of this user in any status (settle of an expired hold still needs its price version).</summary>
    public async Task<OpenHold?> FindHoldAsync(long userId, string callId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT call_id, amount, provider, model, price_version, project_id, expires_at FROM credit_holds WHERE user_id = $1 AND call_id = $2");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = userId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = callId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadHold(reader) : null;
    }

    /// <summary>The charge and cost of an already settled call, to answer a repeated settle with the first result.</summary>
    public async Task<(decimal Credits, decimal CostUsd)?> FindUsageAsync(string callId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT credits_charged, charged_cost_usd FROM api_key_usage WHERE call_id = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = callId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetDecimal(0), reader.GetDecimal(1)) : null;
    }

    public async Task<StoredPurchase?> FindPurchaseAsync(long userId, string chargeId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT credits_amount, paid_amount, paid_currency FROM credit_transactions WHERE user_id = $1 AND kind = 'purchase' AND external_charge_id = $2");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = userId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = chargeId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new StoredPurchase(chargeId, reader.GetDecimal(0), reader.IsDBNull(1) ? null : reader.GetDecimal(1), reader.IsDBNull(2) ? null : reader.GetString(2))
            : null;
    }

    public async Task<CreditHistoryPage> GetHistoryAsync(long userId, int limit, long? before, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT transaction_id, kind, credits_amount, balance_after, created_at, description, project_id, external_charge_id
            FROM credit_transactions
            WHERE user_id = $1 AND ($2::bigint IS NULL OR transaction_id < $2)
            ORDER BY transaction_id DESC
            LIMIT $3
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = userId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)before ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit + 1 });
        var items = new List<CreditTransactionView>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new CreditTransactionView(
                reader.GetInt64(0), reader.GetString(1), reader.GetDecimal(2), reader.GetDecimal(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetGuid(6), reader.IsDBNull(7) ? null : reader.GetString(7)));
        }

        var hasMore = items.Count > limit;
        if (hasMore)
        {
            items.RemoveAt(items.Count - 1);
        }

        return new CreditHistoryPage(items, hasMore ? items[^1].TransactionId : null);
    }

    private static OpenHold ReadHold(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetDecimal(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4),
        reader.IsDBNull(5) ? null : reader.GetGuid(5), reader.GetFieldValue<DateTimeOffset>(6));

    private static NpgsqlParameter Text(string? value) =>
        new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter Uuid(Guid? value) =>
        new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid };

    /// <summary>The user's own limits (nulls: the defaults apply).</summary>
    public async Task<CreditLimits> GetLimitsAsync(long userId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT daily_credits, monthly_credits FROM user_credit_limits WHERE user_id = $1");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = userId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new CreditLimits(reader.IsDBNull(0) ? null : reader.GetDecimal(0), reader.IsDBNull(1) ? null : reader.GetDecimal(1))
            : new CreditLimits(null, null);
    }

    public async Task SetLimitsAsync(long userId, CreditLimits limits, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO user_credit_limits (user_id, daily_credits, monthly_credits) VALUES ($1, $2, $3)
            ON CONFLICT (user_id) DO UPDATE SET daily_credits = EXCLUDED.daily_credits, monthly_credits = EXCLUDED.monthly_credits, updated_at = now()
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = userId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)limits.Daily ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Numeric });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)limits.Monthly ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Numeric });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Credits the user was charged since the start of the UTC day and of the UTC month.</summary>
    public async Task<(decimal Day, decimal Month)> SpentAsync(long userId, DateTimeOffset dayStart, DateTimeOffset monthStart, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT COALESCE(sum(credits_charged) FILTER (WHERE created_at >= $2), 0), COALESCE(sum(credits_charged), 0)
            FROM api_key_usage WHERE user_id = $1 AND created_at >= $3
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = userId });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = dayStart.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = (dayStart < monthStart ? dayStart : monthStart).UtcDateTime });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetDecimal(0), reader.GetDecimal(1));
    }
}
