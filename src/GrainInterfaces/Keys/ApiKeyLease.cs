namespace DevBot.GrainInterfaces.Keys;

/// <summary>
/// A key handed out for one request: the secret stays encrypted (AES-256-GCM) inside the lease; only the model
/// gateway, which holds the master key, decrypts it just before the HTTP request.
/// </summary>
[GenerateSerializer, Immutable, Alias("DevBot.Keys.ApiKeyLease")]
public sealed record ApiKeyLease(long KeyId, string Provider, byte[] Ciphertext, byte[] Nonce, byte[] Tag, string Masked)
{
    public override string ToString() => $"key {KeyId} ({Provider} {Masked})";
}
