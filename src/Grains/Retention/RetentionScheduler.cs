using DevBot.GrainInterfaces.Retention;
using Microsoft.Extensions.Logging;

namespace DevBot.Grains.Retention;

/// <summary>Registers the retention reminder when the silo becomes active (idempotent; every silo may do it).</summary>
public sealed class RetentionScheduler(IGrainFactory grains, ILogger<RetentionScheduler> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(RetentionScheduler), ServiceLifecycleStage.Active, async _ =>
        {
            try
            {
                await grains.GetGrain<IRetentionGrain>(0).EnsureScheduledAsync();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Another silo registers it, or this one at its next start; purging can wait.
                logger.LogWarning(ex, "Could not register the retention reminder");
            }
        });
}
