using DevBot.Gateway;
using DevBot.GrainInterfaces.FrontEnd;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace DevBot.Grains.FrontEnd;

/// <summary>Stateless: every answer comes from PostgreSQL or the silo's configuration.</summary>
[StatelessWorker]
public sealed class FrontEndGrain(FrontEndStore store, IOptions<ModelGatewayOptions> models) : Grain, IFrontEndGrain
{
    public Task<bool> TryAcquireLeaseAsync(string name, string holder, TimeSpan duration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(holder);
        if (duration <= TimeSpan.Zero || duration > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "A lease lasts between a moment and an hour.");
        }

        return store.TryAcquireAsync(name, holder, duration);
    }

    public Task ReleaseLeaseAsync(string name, string holder) => store.ReleaseAsync(name, holder);

    public Task<IReadOnlyList<UndeliveredProject>> GetUndeliveredProjectsAsync(long fromUserId, long toUserId, int max) =>
        store.UndeliveredAsync(fromUserId, toUserId, Math.Clamp(max, 1, 1000));

    public Task<long> GetDeliveredSeqAsync(Guid projectId) => store.DeliveredSeqAsync(projectId);

    public Task<ServiceInfo> GetServiceInfoAsync()
    {
        var options = models.Value;
        return Task.FromResult(new ServiceInfo(options.Scripted,
            options.ModelsFor(ModelRole.Architect).Select(m => m.ToString()).ToList(),
            options.ModelsFor(ModelRole.Implementer).Select(m => m.ToString()).ToList()));
    }
}
