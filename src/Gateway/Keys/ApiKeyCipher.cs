using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace DevBot.Gateway.Keys;

/// <summary>
/// AES-256-GCM for stored API keys, with the master key from <c>API_KEY_ENCRYPTION_KEY</c> (32 bytes, base64 or
/// hex). The provider name is authenticated with each ciphertext, so a key cannot be moved to another provider's
/// pool. Fingerprints (HMAC-SHA256 under a key derived from the master key) detect duplicates without decrypting.
/// </summary>
public sealed class ApiKeyCipher
{
    public const string MasterKeyVariable = "API_KEY_ENCRYPTION_KEY";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly byte[]? _key;
    private readonly byte[]? _fingerprintKey;

    public ApiKeyCipher(byte[]? masterKey)
    {
        if (masterKey is null)
        {
            return;
        }

        if (masterKey.Length != 32)
        {
            throw new FormatException($"{MasterKeyVariable} must be 32 bytes (base64 or 64 hex characters).");
        }

        _key = masterKey;
        _fingerprintKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, info: "devbot api key fingerprint"u8.ToArray());
    }

    public bool IsConfigured => _key is not null;

    /// <exception cref="FormatException">The variable is set but is not a 32-byte key (its value is never echoed).</exception>
    public static ApiKeyCipher FromConfiguration(IConfiguration configuration)
    {
        var value = configuration[MasterKeyVariable];
        if (string.IsNullOrWhiteSpace(value))
        {
            return new ApiKeyCipher(null);
        }

        value = value.Trim();
        byte[]? key = null;
        if (value.Length == 64 && value.All(Uri.IsHexDigit))
        {
            key = Convert.FromHexString(value);
        }
        else
        {
            var buffer = new byte[value.Length];
            if (Convert.TryFromBase64String(value, buffer, out var written))
            {
                key = buffer[..written];
            }
        }

        return new ApiKeyCipher(key ?? throw new FormatException($"{MasterKeyVariable} must be 32 bytes, base64 or 64 hex characters."));
    }

    public EncryptedSecret Encrypt(string secret, string provider)
    {
        var key = RequireKey();
        var plaintext = Encoding.UTF8.GetBytes(secret);
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, ciphertext, tag, Encoding.UTF8.GetBytes(provider));
        CryptographicOperations.ZeroMemory(plaintext);
        return new EncryptedSecret(ciphertext, nonce, tag);
    }

    /// <exception cref="CryptographicException">Wrong master key, or the ciphertext was altered or moved.</exception>
    public string Decrypt(byte[] ciphertext, byte[] nonce, byte[] tag, string provider)
    {
        var key = RequireKey();
        var plaintext = new byte[ciphertext.Length];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(nonce, ciphertext, tag, plaintext, Encoding.UTF8.GetBytes(provider));
        return Encoding.UTF8.GetString(plaintext);
    }

    public byte[] Fingerprint(string secret, string provider) =>
        HMACSHA256.HashData(_fingerprintKey ?? RequireKey(), Encoding.UTF8.GetBytes(provider + "\n" + secret));

    private byte[] RequireKey() =>
        _key ?? throw new InvalidOperationException($"{MasterKeyVariable} is not set: API keys cannot be stored or used.");
}
