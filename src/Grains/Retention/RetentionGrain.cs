using DevBot.GrainInterfaces.Projects;
using DevBot.GrainInterfaces.Retention;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DevBot.Grains.Retention;

/// <summary>One per cluster (key 0): a durable reminder sweeps what is due; each purge is the project grain's own.</summary>
public sealed class RetentionGrain(RetentionStore store, IOptions<RetentionOptions> options, ILogger<RetentionGrain> logger)
    : Grain, IRetentionGrain, IRemindable
{
    private const string Reminder = "retention-sweep";

    public async Task<IReadOnlyList<Guid>> SweepAsync()
    {
        var late = await store.DeleteLateContentAsync(TimeSpan.FromDays(1));
        if (late > 0)
        {
            logger.LogInformation("Deleted {Rows} rows written for purged projects after their purge", late);
        }

        return await PurgeDueAsync(null);
    }

    public Task<IReadOnlyList<Guid>> PurgeUserAsync(long userId) => PurgeDueAsync(userId);

    private async Task<IReadOnlyList<Guid>> PurgeDueAsync(long? userId)
    {
        var purged = new List<Guid>();
        foreach (var (projectId, owner) in await store.DueAsync(options.Value.ProjectDays, options.Value.BatchSize, userId))
        {
            try
            {
                if (await GrainFactory.GetGrain<IProjectGrain>(projectId).PurgeAsync())
                {
                    purged.Add(projectId);
                    logger.LogInformation("Purged the data of project {ProjectId} of user {UserId}", projectId, owner);
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The next sweep tries again; purging is idempotent.
                logger.LogWarning(ex, "Could not purge project {ProjectId}; the next sweep tries again", projectId);
            }
        }

        return purged;
    }

    public async Task EnsureScheduledAsync()
    {
        // Registering again updates the period when the configuration changed; it is one row either way.
        // The first sweep comes soon, so that frequent restarts never keep postponing it.
        var period = options.Value.SweepPeriod;
        await this.RegisterOrUpdateReminder(Reminder, period < TimeSpan.FromMinutes(1) ? period : TimeSpan.FromMinutes(1), period);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == Reminder)
        {
            await SweepAsync();
        }
    }
}
