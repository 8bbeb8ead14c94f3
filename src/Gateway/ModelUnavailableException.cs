namespace DevBot.Gateway;

/// <summary>Every attempt failed (rate limits, server errors, timeouts, unreadable answers, no usable key).</summary>
[GenerateSerializer]
public sealed class ModelUnavailableException(string provider, string model, ModelFailureKind lastFailure, int attempts, string detail, Exception? inner = null)
    : ModelGatewayException($"{provider}:{model} did not answer after {attempts} attempt(s); last failure: {lastFailure} ({detail}).", provider, model, inner)
{
    [Id(0)]
    public ModelFailureKind LastFailure { get; } = lastFailure;

    [Id(1)]
    public int Attempts { get; } = attempts;
}
