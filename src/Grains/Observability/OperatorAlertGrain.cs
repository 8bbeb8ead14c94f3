using DevBot.GrainInterfaces.Admin;
using Orleans.Concurrency;

namespace DevBot.Grains.Observability;

[StatelessWorker]
public sealed class OperatorAlertGrain(AlertStore store) : Grain, IOperatorAlertGrain
{
    public async Task<IReadOnlyList<OperatorAlert>> TakeDueAsync(int limit) => await store.TakeDueAsync(limit);

    public async Task<IReadOnlyList<OperatorAlert>> ListAsync(int limit) => await store.ListAsync(limit);
}
