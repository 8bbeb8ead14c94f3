using DevBot.Grains;
using DevBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Storage;
using Orleans.TestingHost;

namespace DevBot.Tests.Storage;

/// <summary>The grain-storage statements of our PostgreSQL schema, exercised through Orleans' ADO.NET provider.</summary>
[Collection(ClusterCollection.Name)]
public sealed class GrainStorageContractTests(ClusterFixture fixture)
{
    private static readonly GrainType ProbeType = GrainType.Create("storage-contract-probe");

    [Fact]
    public async Task WriteState_ThenReactivate_ReadsStoredState()
    {
        var grain = fixture.GrainFactory.GetGrain<IStorageProbeGrain>(Guid.NewGuid());
        await grain.SetAsync("first");
        await grain.SetAsync("second");
        var etag = await grain.GetETagAsync();
        await grain.DeactivateAsync();

        await Eventually.ReturnsAsync(() => grain.GetAsync(), v => v == "second", TimeSpan.FromSeconds(10), "the reactivated grain's state");
        Assert.Equal("2", etag);
        Assert.Equal(etag, await grain.GetETagAsync());
    }

    [Fact]
    public async Task WriteState_RowIsKeyedByServiceIdInOurTable()
    {
        var key = Guid.NewGuid();
        await fixture.GrainFactory.GetGrain<IStorageProbeGrain>(key).SetAsync("stored");

        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT service_id, version, octet_length(payload) FROM orleans_storage WHERE state_name = @state AND grain_id_n0 = @n0", connection);
        command.Parameters.AddWithValue("state", "probe");
        command.Parameters.AddWithValue("n0", BitConverter.ToInt64(key.ToByteArray(), 0));
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string Service, int Version, int Bytes)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2)));
        }

        Assert.Contains(rows, r => r.Service == fixture.Cluster.Options.ServiceId && r.Version == 1 && r.Bytes > 0);
    }

    [Fact]
    public async Task WriteState_WithStaleETag_ThrowsInconsistentState()
    {
        var storage = GrainStorage();
        var id = GrainId.Create(ProbeType, Guid.NewGuid().ToString("N"));
        var first = new GrainState<StorageProbeState>(new StorageProbeState { Value = "a" });
        await storage.WriteStateAsync("probe", id, first);
        Assert.Equal("1", first.ETag);

        var stale = new GrainState<StorageProbeState>(new StorageProbeState { Value = "stale" }) { ETag = "1" };
        await storage.WriteStateAsync("probe", id, first);
        Assert.Equal("2", first.ETag);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("probe", id, stale));

        var read = new GrainState<StorageProbeState>(new StorageProbeState());
        await storage.ReadStateAsync("probe", id, read);
        Assert.Equal("a", read.State!.Value);
        Assert.Equal("2", read.ETag);
    }

    [Fact]
    public async Task WriteState_InsertWhenRowExists_ThrowsInconsistentState()
    {
        var storage = GrainStorage();
        var id = GrainId.Create(ProbeType, Guid.NewGuid().ToString("N"));
        await storage.WriteStateAsync("probe", id, new GrainState<StorageProbeState>(new StorageProbeState { Value = "winner" }));

        // A second activation that never read the state (ETag null) must not overwrite the first one's write.
        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            storage.WriteStateAsync("probe", id, new GrainState<StorageProbeState>(new StorageProbeState { Value = "loser" })));
    }

    [Fact]
    public async Task WriteState_ConcurrentWritersWithSameETag_ExactlyOneWins()
    {
        var storage = GrainStorage();
        var id = GrainId.Create(ProbeType, Guid.NewGuid().ToString("N"));
        var initial = new GrainState<StorageProbeState>(new StorageProbeState { Value = "v1" });
        await storage.WriteStateAsync("probe", id, initial);

        var writers = Enumerable.Range(0, 8).Select(async i =>
        {
            var state = new GrainState<StorageProbeState>(new StorageProbeState { Value = $"writer-{i}" }) { ETag = initial.ETag };
            try
            {
                await storage.WriteStateAsync("probe", id, state);
                return state.State!.Value;
            }
            catch (InconsistentStateException)
            {
                return null;
            }
        }).ToList();
        var outcomes = await Task.WhenAll(writers);

        var winner = Assert.Single(outcomes, o => o is not null);
        var read = new GrainState<StorageProbeState>(new StorageProbeState());
        await storage.ReadStateAsync("probe", id, read);
        Assert.Equal(winner, read.State!.Value);
        Assert.Equal("2", read.ETag);
    }

    [Fact]
    public async Task ClearState_KeepsVersioningAndRejectsStaleClear()
    {
        var storage = GrainStorage();
        var id = GrainId.Create(ProbeType, Guid.NewGuid().ToString("N"));
        var state = new GrainState<StorageProbeState>(new StorageProbeState { Value = "x" });
        await storage.WriteStateAsync("probe", id, state);
        var staleETag = state.ETag;

        await storage.ClearStateAsync("probe", id, state);
        Assert.Equal("2", state.ETag);
        Assert.False(state.RecordExists);

        var read = new GrainState<StorageProbeState>(new StorageProbeState { Value = "placeholder" });
        await storage.ReadStateAsync("probe", id, read);
        Assert.Null(read.State!.Value);
        Assert.Equal("2", read.ETag);

        var stale = new GrainState<StorageProbeState>(new StorageProbeState()) { ETag = staleETag, RecordExists = true };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("probe", id, stale));

        // After a clear the grain writes on from the version it holds.
        state.State!.Value = "after-clear";
        await storage.WriteStateAsync("probe", id, state);
        Assert.Equal("3", state.ETag);
    }

    [Fact]
    public async Task States_OfKeysDifferingOnlyInExtension_AreKeptApart()
    {
        var storage = GrainStorage();
        var guid = Guid.NewGuid();
        var plain = GrainId.Create(GrainType.Create("ext-probe"), GrainIdKeyExtensions.CreateGuidKey(guid));
        var extended = GrainId.Create(GrainType.Create("ext-probe"), GrainIdKeyExtensions.CreateGuidKey(guid, "ext"));

        await storage.WriteStateAsync("probe", plain, new GrainState<StorageProbeState>(new StorageProbeState { Value = "plain" }));
        await storage.WriteStateAsync("probe", extended, new GrainState<StorageProbeState>(new StorageProbeState { Value = "extended" }));

        var readPlain = new GrainState<StorageProbeState>(new StorageProbeState());
        var readExtended = new GrainState<StorageProbeState>(new StorageProbeState());
        await storage.ReadStateAsync("probe", plain, readPlain);
        await storage.ReadStateAsync("probe", extended, readExtended);
        Assert.Equal("plain", readPlain.State!.Value);
        Assert.Equal("extended", readExtended.State!.Value);
    }

    [Fact]
    public async Task ReadState_OfUnknownGrain_IsEmptyWithoutETag()
    {
        var read = new GrainState<StorageProbeState>(new StorageProbeState { Value = "untouched" });
        await GrainStorage().ReadStateAsync("probe", GrainId.Create(ProbeType, Guid.NewGuid().ToString("N")), read);
        Assert.Null(read.ETag);
        Assert.False(read.RecordExists);
    }

    private IGrainStorage GrainStorage()
    {
        var silo = (InProcessSiloHandle)fixture.Cluster.Silos[0];
        return silo.SiloHost.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Main);
    }
}
