using System.Globalization;

namespace DevBot.Bench;

/// <summary>Figures read back from the database after a run.</summary>
public static class BenchSql
{
    /// <summary>Total difference between users' balances and the sums of their transactions (0 when the ledger is consistent).</summary>
    public const string Drift =
        "SELECT COALESCE(sum(abs(u.credits_balance - t.total)), 0) FROM users u JOIN (SELECT user_id, sum(credits_amount) total FROM credit_transactions GROUP BY user_id) t USING (user_id)";

    public static async Task<decimal> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? 0m : Convert.ToDecimal(value, CultureInfo.InvariantCulture);
    }
}
