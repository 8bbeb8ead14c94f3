using DevBot.GrainInterfaces.Credits;
using DevBot.Tests.Infrastructure;

namespace DevBot.Tests.Credits;

/// <summary>Credits held by work that died come back: holds expire through the ledger's durable reminder.</summary>
public sealed class HoldExpiryTests
{
    private static readonly Dictionary<string, string> ShortHolds = new()
    {
        ["Credits:HoldTtl"] = "00:00:02",
        ["Credits:HoldSweepPeriod"] = "00:00:01",
    };

    [Fact]
    public async Task Hold_WhenSiloIsKilledBetweenReserveAndSettle_ExpiresAndCreditsComeBack()
    {
        var connectionString = await TestPostgres.CreateMigratedDatabaseAsync("expiry");
        var serviceId = "expiry-" + Guid.NewGuid().ToString("N")[..8];
        var user = TestUsers.NewId();

        var doomed = await TestClusters.StartAsync(connectionString, serviceId: serviceId, settings: ShortHolds);
        try
        {
            var ledger = doomed.GrainFactory.GetGrain<ICreditLedgerGrain>(user);
            await ledger.GrantAsync(new CreditGrant("seed", 10m, GrantKind.Manual, null));
            var reserve = await ledger.ReserveAsync(new ReserveRequest("orphan", 6m, "google", "gemini-2.5-pro", null));
            Assert.Equal(ReserveStatus.Reserved, reserve.Status);
            await doomed.KillSiloAsync(doomed.Silos[0]);
        }
        finally
        {
            await doomed.DisposeAsync();
        }

        // A new silo on the same database: nothing calls the ledger; only its reminder can give the credits back.
        var revived = await TestClusters.StartAsync(connectionString, serviceId: serviceId, settings: ShortHolds);
        try
        {
            await Eventually.ReturnsAsync(
                () => Sql.ScalarAsync<decimal>(connectionString, "SELECT credits_held FROM users WHERE user_id = @u", ("u", user)),
                held => held == 0m, TimeSpan.FromSeconds(40), "the orphaned hold to expire");
            Assert.Equal("expired", await Sql.ScalarAsync<string>(connectionString, "SELECT status FROM credit_holds WHERE call_id = 'orphan'"));
            Assert.Equal(new CreditBalance(10m, 0m), await revived.GrainFactory.GetGrain<ICreditLedgerGrain>(user).GetBalanceAsync());
        }
        finally
        {
            await revived.StopAllSilosAsync();
            await revived.DisposeAsync();
        }
    }

    [Fact]
    public async Task Settle_AfterHoldExpired_StillChargesOnceFromAvailable()
    {
        var connectionString = await TestPostgres.CreateMigratedDatabaseAsync("latesettle");
        var cluster = await TestClusters.StartAsync(connectionString, settings: ShortHolds);
        try
        {
            var user = TestUsers.NewId();
            var ledger = cluster.GrainFactory.GetGrain<ICreditLedgerGrain>(user);
            await ledger.GrantAsync(new CreditGrant("seed", 10m, GrantKind.Manual, null));
            await ledger.ReserveAsync(new ReserveRequest("late", 5m, "google", "gemini-2.5-pro", null));
            await Eventually.ReturnsAsync(() => Sql.ScalarAsync<string>(connectionString, "SELECT status FROM credit_holds WHERE call_id = 'late'"),
                s => s == "expired", TimeSpan.FromSeconds(30), "the hold to expire");

            // The provider answered after all (and billed us): the late settle charges what was used.
            var settle = await ledger.SettleAsync(new SettleRequest("late",
                new ModelUsage("google", "gemini-2.5-pro", "t", 1000, 500, 0, 10, null, null, null)));

            Assert.Equal(SettleStatus.Settled, settle.Status);
            Assert.Equal(0.9375m, settle.CreditsCharged);
            Assert.Equal(new CreditBalance(9.0625m, 0m), settle.Balance);
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }
}
