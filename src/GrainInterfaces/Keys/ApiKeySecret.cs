namespace DevBot.GrainInterfaces.Keys;

/// <summary>
/// An API key's secret on its way into the pool (from the environment or the admin console). It prints as
/// <c>…last4</c> so that logging or formatting it never reveals the key.
/// </summary>
[GenerateSerializer, Immutable, Alias("DevBot.Keys.ApiKeySecret")]
public sealed record ApiKeySecret(string Value)
{
    public string Masked => Mask(Value);

    public static string Mask(string? secret) =>
        string.IsNullOrEmpty(secret) ? "…" : "…" + (secret.Length <= 4 ? new string('*', secret.Length) : secret[^4..]);

    public override string ToString() => Masked;
}
