namespace DevBot.Gateway;

/// <summary>The provider refused the request itself (HTTP 4xx other than 401/403/429); retrying cannot help.</summary>
[GenerateSerializer]
public sealed class ModelRequestRejectedException(string provider, string model, int status, string detail)
    : ModelGatewayException($"{provider}:{model} rejected the request (HTTP {status}): {detail}", provider, model)
{
    [Id(0)]
    public int Status { get; } = status;
}
