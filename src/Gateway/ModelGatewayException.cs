namespace DevBot.Gateway;

/// <summary>A model request that did not produce an answer, for a reason the caller can act on.</summary>
[GenerateSerializer]
public abstract class ModelGatewayException : Exception
{
    protected ModelGatewayException(string message, string provider, string model, Exception? inner = null)
        : base(message, inner)
    {
        Provider = provider;
        Model = model;
    }

    [Id(0)]
    public string Provider { get; }

    [Id(1)]
    public string Model { get; }
}
