using DevBot.Tests.Infrastructure;
using Npgsql;
using Orleans.TestingHost;

namespace DevBot.Tests.Storage;

/// <summary>The membership statements of our PostgreSQL schema, exercised through Orleans' ADO.NET clustering.</summary>
public sealed class MembershipContractTests
{
    private const int Active = 3;
    private const int Dead = 6;

    [Fact]
    public async Task TwoSilos_OnOneDatabase_FormOneClusterAndRecordDeparture()
    {
        var connectionString = await TestPostgres.CreateMigratedDatabaseAsync("members");
        var cluster = await TestClusters.StartAsync(connectionString, silos: 2);
        try
        {
            var management = cluster.GrainFactory.GetGrain<IManagementGrain>(0);
            var hosts = await Eventually.ReturnsAsync(() => management.GetHosts(onlyActive: true), h => h.Count == 2,
                TimeSpan.FromSeconds(30), "two active silos");
            Assert.Equal(2, hosts.Count);
            Assert.Equal(2, await CountRowsAsync(connectionString, cluster.Options.ClusterId, Active));
            Assert.True(await TableVersionAsync(connectionString, cluster.Options.ClusterId) >= 2);

            var leaving = cluster.SecondarySilos[0];
            await cluster.StopSiloAsync(leaving);

            await Eventually.ReturnsAsync(() => CountRowsAsync(connectionString, cluster.Options.ClusterId, Dead), n => n == 1,
                TimeSpan.FromSeconds(30), "the stopped silo marked dead");
            await Eventually.ReturnsAsync(() => management.GetHosts(onlyActive: true), h => h.Count == 1,
                TimeSpan.FromSeconds(30), "one active silo");
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    private static async Task<long> CountRowsAsync(string connectionString, string clusterId, int status)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM orleans_membership WHERE deployment_id = @cluster AND status = @status", connection);
        command.Parameters.AddWithValue("cluster", clusterId);
        command.Parameters.AddWithValue("status", status);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<int> TableVersionAsync(string connectionString, string clusterId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT version FROM orleans_membership_version WHERE deployment_id = @cluster", connection);
        command.Parameters.AddWithValue("cluster", clusterId);
        return (int)(await command.ExecuteScalarAsync())!;
    }
}
