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

    /// <summary>Projects with events newer than the last one their user was shown, oldest change first.</summary>
    [ReadOnly]
    Task<IReadOnlyList<UndeliveredProject>> GetUndeliveredProjectsAsync(int max);

    [ReadOnly]
    Task<ServiceInfo> GetServiceInfoAsync();
}
