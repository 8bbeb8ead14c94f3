using DbUp;
using DevBot.Data.Migrations;
using DevBot.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace DevBot.Tests.Data;

/// <summary>
/// Migration 0032 on a database that lived before it: referral bonuses stored as grants (keys
/// <c>referral:&lt;invitee&gt;:invitee|inviter</c>, as UserGrain posted them) become <c>referral_bonus</c>; every other row
/// keeps its kind, every balance still equals the sum of its transactions, and the kind CHECK still refuses unknown kinds.
/// </summary>
public sealed class ReferralBonusMigrationTests
{
    [Fact]
    public async Task Migration0032_ReferralGrantsBecomeReferralBonus_OtherRowsAndBalancesUnchanged()
    {
        var connectionString = await TestPostgres.CreateEmptyDatabaseAsync("refmigrate");
        ApplyScriptsBefore(connectionString, "0032");
        // An inviter (1) and an invitee (2) whose bonus was posted as grants, with a welcome grant each, an operator's
        // grant and a grant whose key only looks like a referral's.
        await Sql.ExecuteAsync(connectionString, """
            INSERT INTO users (user_id, credits_balance) VALUES (1, 275), (2, 350), (9, 0);
            INSERT INTO credit_transactions (user_id, idempotency_key, kind, credits_amount, balance_after, description) VALUES
                (1, 'initial:1', 'grant', 200, 200, 'welcome credits'),
                (2, 'initial:2', 'grant', 200, 200, 'welcome credits'),
                (2, 'purchase:c1', 'purchase', 100, 300, '100 credits'),
                (2, 'referral:2:invitee', 'grant', 50, 350, 'referral bonus: you were invited'),
                (1, 'referral:2:inviter', 'grant', 50, 250, 'referral bonus: a friend you invited'),
                (1, 'admin-grant:abc', 'grant', 20, 270, 'support'),
                (1, 'referral:note', 'grant', 5, 275, 'not a referral key');
            """);

        // Before 0032 the kind does not exist.
        var early = await Assert.ThrowsAsync<PostgresException>(() => Sql.ExecuteAsync(connectionString,
            "INSERT INTO credit_transactions (user_id, idempotency_key, kind, credits_amount, balance_after) VALUES (1, 'x', 'referral_bonus', 1, 1)"));
        Assert.Equal(PostgresErrorCodes.CheckViolation, early.SqlState);

        var applied = await DatabaseMigrator.MigrateAsync(connectionString, NullLogger.Instance);

        Assert.Contains(applied, name => name.EndsWith(".0032_referral_bonus_kind.sql", StringComparison.Ordinal));
        var kinds = (await Sql.RowsAsync(connectionString, "SELECT idempotency_key, kind FROM credit_transactions ORDER BY transaction_id"))
            .ToDictionary(r => (string)r[0]!, r => (string)r[1]!);
        Assert.Equal(new Dictionary<string, string>
        {
            ["initial:1"] = "grant",
            ["initial:2"] = "grant",
            ["purchase:c1"] = "purchase",
            ["referral:2:invitee"] = "referral_bonus",
            ["referral:2:inviter"] = "referral_bonus",
            ["admin-grant:abc"] = "grant",
            ["referral:note"] = "grant",
        }, kinds);
        Assert.Equal(0L, await Sql.ScalarAsync<long>(connectionString, """
            SELECT count(*) FROM users u
            WHERE u.credits_balance <> (SELECT COALESCE(sum(t.credits_amount), 0) FROM credit_transactions t WHERE t.user_id = u.user_id)
            """));

        // One CHECK on kind, under its own name: the new kind is accepted, an unknown one still refused.
        Assert.Equal("ck_credit_transactions_kind", await Sql.ScalarAsync<string>(connectionString, """
            SELECT string_agg(con.conname, ',') FROM pg_constraint con
            JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = ANY (con.conkey)
            WHERE con.conrelid = 'credit_transactions'::regclass AND con.contype = 'c' AND att.attname = 'kind'
            """));
        await Sql.ExecuteAsync(connectionString,
            "INSERT INTO credit_transactions (user_id, idempotency_key, kind, credits_amount, balance_after) VALUES (9, 'y', 'referral_bonus', 1, 1)");
        var unknown = await Assert.ThrowsAsync<PostgresException>(() => Sql.ExecuteAsync(connectionString,
            "INSERT INTO credit_transactions (user_id, idempotency_key, kind, credits_amount, balance_after) VALUES (9, 'z', 'bonus', 1, 1)"));
        Assert.Equal(PostgresErrorCodes.CheckViolation, unknown.SqlState);
    }

    /// <summary>The schema as it was before <paramref name="firstLeftOut"/>, journaled as the migrator journals it.</summary>
    private static void ApplyScriptsBefore(string connectionString, string firstLeftOut)
    {
        const string folder = ".Migrations.Scripts.";
        var result = DeployChanges.To
            .PostgresqlDatabase(connectionString)
            .WithScriptsEmbeddedInAssembly(typeof(DatabaseMigrator).Assembly, name =>
            {
                var at = name.IndexOf(folder, StringComparison.Ordinal);
                return at >= 0 && string.CompareOrdinal(name[(at + folder.Length)..], firstLeftOut) < 0;
            })
            .WithTransactionPerScript()
            .WithVariablesDisabled()
            .JournalToPostgresqlTable("public", "schemaversions")
            .LogToNowhere()
            .Build()
            .PerformUpgrade();
        Assert.True(result.Successful, result.Error?.Message);
        Assert.Contains(result.Scripts, s => s.Name.EndsWith(".0031_referrals.sql", StringComparison.Ordinal));
    }
}
