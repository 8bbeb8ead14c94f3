namespace DevBot.GrainInterfaces.Retention;

/// <summary>
/// Purges the data of ended projects once their retention has passed (key 0; a durable reminder runs it): the
/// repository, package, conversation, events, recorded model answers and code index go; ledger and usage rows stay,
/// without the project's title.
/// </summary>
[Alias("DevBot.Retention.IRetentionGrain")]
public interface IRetentionGrain : IGrainWithIntegerKey
{
    /// <summary>Purges what is due now; returns the projects purged.</summary>
    Task<IReadOnlyList<Guid>> SweepAsync();

    /// <summary>Purges the due projects of one user now (a user who asked to be forgotten).</summary>
    Task<IReadOnlyList<Guid>> PurgeUserAsync(long userId);

    /// <summary>Makes sure the durable reminder is registered (each silo calls it at start).</summary>
    Task EnsureScheduledAsync();
}
