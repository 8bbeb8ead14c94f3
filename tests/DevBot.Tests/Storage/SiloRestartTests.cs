using DevBot.Tests.Infrastructure;

namespace DevBot.Tests.Storage;

/// <summary>State and reminders outlive the silos that wrote them: they live in PostgreSQL, keyed by service id.</summary>
public sealed class SiloRestartTests
{
    [Fact]
    public async Task State_AfterWholeClusterRestart_IsReadBack()
    {
        var connectionString = await TestPostgres.CreateMigratedDatabaseAsync("restart");
        var serviceId = "restart-" + Guid.NewGuid().ToString("N")[..8];
        var key = Guid.NewGuid();

        var first = await TestClusters.StartAsync(connectionString, serviceId: serviceId);
        try
        {
            await first.GrainFactory.GetGrain<IStorageProbeGrain>(key).SetAsync("survives");
        }
        finally
        {
            await first.StopAllSilosAsync();
            await first.DisposeAsync();
        }

        var second = await TestClusters.StartAsync(connectionString, serviceId: serviceId);
        try
        {
            var grain = second.GrainFactory.GetGrain<IStorageProbeGrain>(key);
            Assert.Equal("survives", await grain.GetAsync());
            Assert.Equal("1", await grain.GetETagAsync());
        }
        finally
        {
            await second.StopAllSilosAsync();
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task Reminder_RegisteredBeforeRestart_WakesGrainInNewCluster()
    {
        var connectionString = await TestPostgres.CreateMigratedDatabaseAsync("wake");
        var serviceId = "wake-" + Guid.NewGuid().ToString("N")[..8];
        var key = Guid.NewGuid();

        var first = await TestClusters.StartAsync(connectionString, serviceId: serviceId);
        try
        {
            await first.GrainFactory.GetGrain<IStorageProbeGrain>(key).StartReminderAsync(TimeSpan.FromSeconds(1));
        }
        finally
        {
            await first.StopAllSilosAsync();
            await first.DisposeAsync();
        }

        // Nothing calls the grain in the new cluster: only the stored reminder can activate it.
        var second = await TestClusters.StartAsync(connectionString, serviceId: serviceId);
        try
        {
            var grain = second.GrainFactory.GetGrain<IStorageProbeGrain>(key);
            var ticksAtStart = await ReadStoredTicksAsync(connectionString, serviceId, key);
            await Eventually.ReturnsAsync(() => ReadStoredTicksAsync(connectionString, serviceId, key), t => t >= ticksAtStart + 2,
                TimeSpan.FromSeconds(40), "reminder ticks written by the new cluster");
            await grain.StopReminderAsync();
        }
        finally
        {
            await second.StopAllSilosAsync();
            await second.DisposeAsync();
        }
    }

    private static async Task<int> ReadStoredTicksAsync(string connectionString, string serviceId, Guid key)
    {
        // Read the tick count from the stored state rather than through the grain, which would activate it.
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT payload FROM orleans_storage WHERE service_id = @service AND state_name = @state ORDER BY modified_at DESC", connection);
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.AddWithValue("state", "probe");
        var payload = await command.ExecuteScalarAsync() as byte[];
        if (payload is null)
        {
            return 0;
        }

        var json = System.Text.Json.JsonDocument.Parse(payload);
        return FindTicks(json.RootElement) ?? 0;
    }

    private static int? FindTicks(System.Text.Json.JsonElement element)
    {
        if (element.ValueKind != System.Text.Json.JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (property.Name.Equals("ReminderTicks", StringComparison.OrdinalIgnoreCase) && property.Value.TryGetInt32(out var ticks))
            {
                return ticks;
            }

            if (FindTicks(property.Value) is { } nested)
            {
                return nested;
            }
        }

        return null;
    }
}
