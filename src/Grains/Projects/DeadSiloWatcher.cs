using DevBot.GrainInterfaces.Projects;
using Microsoft.Extensions.Logging;

namespace DevBot.Grains.Projects;

/// <summary>
/// Follows cluster membership and, as soon as a silo is declared dead, wakes the projects whose running step was
/// dispatched on it (<c>projects.step_silo</c>), so their steps are dispatched again within moments of the death
/// rather than after the step lease. At start it does the same for silos that died while no silo was watching (the
/// whole cluster restarted). Every silo watches; a project woken twice checks once more and does nothing.
/// </summary>
public sealed class DeadSiloWatcher(
    IClusterMembershipService membership, IGrainFactory grains, ProjectStore store, ILogger<DeadSiloWatcher> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly HashSet<SiloAddress> _handled = [];
    private Task _loop = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(DeadSiloWatcher), ServiceLifecycleStage.Active,
            _ =>
            {
                _loop = Task.Run(() => WatchAsync(_stopping.Token));
                return Task.CompletedTask;
            },
            async _ =>
            {
                await _stopping.CancelAsync();
                await _loop.ContinueWith(_ => { }, TaskScheduler.Default);
            });

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await HandleAsync(membership.CurrentSnapshot, cancellationToken);
                await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(cancellationToken))
                {
                    await HandleAsync(snapshot, cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The reminders still find lost steps; try again shortly.
                logger.LogWarning(ex, "Watching for dead silos failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task HandleAsync(ClusterMembershipSnapshot snapshot, CancellationToken cancellationToken)
    {
        var dead = snapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead && !_handled.Contains(m.SiloAddress)).Select(m => m.SiloAddress).ToList();
        if (dead.Count == 0)
        {
            return;
        }

        var projects = await store.ProjectsWithStepsOnAsync(dead.Select(d => d.ToParsableString()).ToList(), cancellationToken);
        foreach (var projectId in projects)
        {
            try
            {
                await grains.GetGrain<IProjectGrain>(projectId).WakeAsync();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                logger.LogWarning(ex, "Could not wake project {ProjectId} after its silo died; its reminder will", projectId);
            }
        }

        if (projects.Count > 0)
        {
            logger.LogInformation("Silo(s) {Silos} declared dead: woke {Count} project(s) whose step ran there", string.Join(", ", dead), projects.Count);
        }

        _handled.UnionWith(dead);
    }
}
