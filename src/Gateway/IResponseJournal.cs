namespace DevBot.Gateway;

/// <summary>Durable record of model answers by call id (the way durable-execution engines record activity results).</summary>
public interface IResponseJournal
{
    Task<RecordedResponse?> FindAsync(string callId, CancellationToken cancellationToken = default);

    /// <summary>Records an answer; recording the same call id again keeps the first.</summary>
    Task RecordAsync(RecordedResponse response, CancellationToken cancellationToken = default);
}
