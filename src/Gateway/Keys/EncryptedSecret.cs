namespace DevBot.Gateway.Keys;

public sealed record EncryptedSecret(byte[] Ciphertext, byte[] Nonce, byte[] Tag);
