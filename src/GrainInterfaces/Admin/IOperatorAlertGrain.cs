using Orleans.Concurrency;

namespace DevBot.GrainInterfaces.Admin;

/// <summary>Alerts for operators (key 0): the bot takes the ones due and sends them to the operators' chats.</summary>
[Alias("DevBot.Admin.IOperatorAlertGrain")]
public interface IOperatorAlertGrain : IGrainWithIntegerKey
{
    /// <summary>Incidents due to be sent, each handed out once per throttle window (taking marks them sent).</summary>
    Task<IReadOnlyList<OperatorAlert>> TakeDueAsync(int limit);

    /// <summary>The latest incidents, newest first.</summary>
    [ReadOnly]
    Task<IReadOnlyList<OperatorAlert>> ListAsync(int limit);
}
