namespace DevBot.Gateway;

/// <summary>The model has no price in the catalogue (or no provider is configured for it); nothing was sent.</summary>
[GenerateSerializer]
public sealed class UnknownModelException(string provider, string model, string reason)
    : ModelGatewayException($"{provider}:{model} cannot be used: {reason}.", provider, model);
