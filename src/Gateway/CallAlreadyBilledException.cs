namespace DevBot.Gateway;

/// <summary>
/// This call id was already answered and charged: the caller must replay the recorded answer instead of asking
/// (and paying) again.
/// </summary>
[GenerateSerializer]
public sealed class CallAlreadyBilledException(string provider, string model, string callId)
    : ModelGatewayException($"Call {callId} was already answered and billed; replay its recorded response.", provider, model)
{
    [Id(0)]
    public string CallId { get; } = callId;
}
