using Orleans.Concurrency;

namespace DevBot.GrainInterfaces.FrontEnd;

/// <summary>
/// What chat front-ends need from the cluster beyond one user or project: leases for roles only one process may
/// hold (the Telegram poller of a bot token), the projects whose events the user has not seen yet, and how the
/// service runs (scripted demo models or real ones).
/// </summary>
[Alias("DevBot.FrontEnd.IFrontEndGrain")]
public interface IFrontEndGrain : IGrainWithIntegerKey
{
    /// <summary>Takes or renews the lease <paramref name="name"/> for <paramref name="holder"/>; false while another holder's lease runs.</summary>
    Task<bool> TryAcquireLeaseAsync(string name, string holder, TimeSpan duration);

    Task ReleaseLeaseAsync(string name, string holder);

    /// <summary>
    /// Projects of users with ids in [<paramref name="fromUserId"/>, <paramref name="toUserId"/>] (a front-end's
    /// audience) with events newer than the last one their user was shown, oldest change first.
    /// </summary>
    [ReadOnly]
    Task<IReadOnlyList<UndeliveredProject>> GetUndeliveredProjectsAsync(long fromUserId, long toUserId, int max);

    /// <summary>The last event of the project its user was shown (0 for none, or an unknown project).</summary>
    [ReadOnly]
    Task<long> GetDeliveredSeqAsync(Guid projectId);

    [ReadOnly]
    Task<ServiceInfo> GetServiceInfoAsync();
}
