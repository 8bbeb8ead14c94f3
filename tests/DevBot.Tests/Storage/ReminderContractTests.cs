using DevBot.Tests.Infrastructure;
using Npgsql;

namespace DevBot.Tests.Storage;

/// <summary>The reminder statements of our PostgreSQL schema, exercised through Orleans' reminder service.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ReminderContractTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Reminder_WithShortPeriod_FiresRepeatedlyAndIsStoredUntilUnregistered()
    {
        var key = Guid.NewGuid();
        var grain = fixture.GrainFactory.GetGrain<IStorageProbeGrain>(key);
        await grain.StartReminderAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await CountReminderRowsAsync(key));

        await Eventually.ReturnsAsync(() => grain.GetReminderTicksAsync(), ticks => ticks >= 2, TimeSpan.FromSeconds(30), "two reminder ticks");

        await grain.StopReminderAsync();
        Assert.Equal(0, await CountReminderRowsAsync(key));
        var ticksAfterStop = await grain.GetReminderTicksAsync();
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.Equal(ticksAfterStop, await grain.GetReminderTicksAsync());
    }

    [Fact]
    public async Task Reminder_UpdatedPeriod_BumpsStoredVersion()
    {
        var key = Guid.NewGuid();
        var grain = fixture.GrainFactory.GetGrain<IStorageProbeGrain>(key);
        await grain.StartReminderAsync(TimeSpan.FromMinutes(5));
        await grain.StartReminderAsync(TimeSpan.FromMinutes(10));

        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT period_ms, version FROM orleans_reminders WHERE service_id = @service AND grain_id LIKE @grain", connection);
        command.Parameters.AddWithValue("service", fixture.Cluster.Options.ServiceId);
        command.Parameters.AddWithValue("grain", "%" + key.ToString("N") + "%");
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((long)TimeSpan.FromMinutes(10).TotalMilliseconds, reader.GetInt64(0));
        Assert.Equal(1, reader.GetInt32(1));
        await reader.DisposeAsync();
        await grain.StopReminderAsync();
    }

    private async Task<long> CountReminderRowsAsync(Guid key)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM orleans_reminders WHERE service_id = @service AND grain_id LIKE @grain", connection);
        command.Parameters.AddWithValue("service", fixture.Cluster.Options.ServiceId);
        command.Parameters.AddWithValue("grain", "%" + key.ToString("N") + "%");
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
