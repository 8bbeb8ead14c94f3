using DevBot.Data.Migrations;
using DevBot.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace DevBot.Tests.Data;

public sealed class MigrationTests
{
    private static readonly string[] ProviderQueryKeys =
    [
        // Clustering
        "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey",
        "MembershipReadRowKey", "MembershipReadAllKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey",
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey",
        // Grain storage
        "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey",
        // Reminders
        "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    [Fact]
    public async Task Migrate_Twice_SecondRunAppliesNothing()
    {
        var connectionString = await TestPostgres.CreateEmptyDatabaseAsync("migrate");

        var first = await DatabaseMigrator.MigrateAsync(connectionString, NullLogger.Instance);
        var second = await DatabaseMigrator.MigrateAsync(connectionString, NullLogger.Instance);

        Assert.NotEmpty(first);
        Assert.Empty(second);
        Assert.Equal(first.Count, await ScalarAsync<long>(connectionString, "SELECT count(*) FROM schemaversions"));
    }

    [Fact]
    public async Task Migrate_ConcurrentSilos_ApplyEachScriptOnce()
    {
        var connectionString = await TestPostgres.CreateEmptyDatabaseAsync("concurrent");

        var runs = await Task.WhenAll(Enumerable.Range(0, 4)
            .Select(_ => Task.Run(() => DatabaseMigrator.MigrateAsync(connectionString, NullLogger.Instance))));

        Assert.Single(runs, applied => applied.Count > 0);
        Assert.Equal(runs.Sum(r => r.Count), await ScalarAsync<long>(connectionString, "SELECT count(*) FROM schemaversions"));
    }

    [Fact]
    public async Task Migrate_InstallsEveryQueryOrleansProvidersRequire()
    {
        var connectionString = await TestPostgres.CreateMigratedDatabaseAsync("queries");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT QueryKey FROM OrleansQuery", connection);
        var keys = new HashSet<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                keys.Add(reader.GetString(0));
            }
        }

        Assert.Empty(ProviderQueryKeys.Except(keys));
    }

    [Fact]
    public async Task Schema_HasNoFloatingPointColumnsAndNumericMoney()
    {
        var connectionString = await TestPostgres.CreateMigratedDatabaseAsync("money");

        var floats = await ScalarAsync<long>(connectionString,
            "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public' AND data_type IN ('real', 'double precision', 'money')");
        var moneyColumns = await ScalarAsync<long>(connectionString, """
            SELECT count(*) FROM information_schema.columns
            WHERE table_schema = 'public' AND data_type = 'numeric'
              AND (table_name, column_name) IN (('users', 'credits_balance'), ('users', 'credits_held'),
                   ('credit_transactions', 'credits_amount'), ('credit_transactions', 'balance_after'),
                   ('credit_holds', 'amount'), ('api_key_usage', 'credits_charged'), ('api_key_usage', 'charged_cost_usd'),
                   ('model_pricing', 'input_usd_per_mtok'), ('model_pricing', 'output_usd_per_mtok'))
            """);

        Assert.Equal(0, floats);
        Assert.Equal(9, moneyColumns);
    }

    [Fact]
    public async Task Schema_RejectsDuplicateIdempotencyKeysAndPurchaseCharges()
    {
        var connectionString = await TestPostgres.CreateMigratedDatabaseAsync("unique");
        await ExecuteAsync(connectionString, "INSERT INTO users (user_id) VALUES (1)");
        const string insert = """
            INSERT INTO credit_transactions (user_id, idempotency_key, kind, credits_amount, balance_after, external_charge_id)
            VALUES (1, @key, 'purchase', 10, 10, @charge)
            """;
        await ExecuteAsync(connectionString, insert, ("key", "k1"), ("charge", "c1"));

        var sameKey = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(connectionString, insert, ("key", "k1"), ("charge", "c2")));
        var sameCharge = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(connectionString, insert, ("key", "k2"), ("charge", "c1")));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, sameKey.SqlState);
        Assert.Equal(PostgresErrorCodes.UniqueViolation, sameCharge.SqlState);
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(string connectionString, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }
}
