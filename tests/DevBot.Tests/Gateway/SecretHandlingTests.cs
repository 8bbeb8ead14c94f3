using System.Security.Cryptography;
using System.Text;
using DevBot.Gateway;
using DevBot.Gateway.Keys;
using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Keys;
using DevBot.ScriptedModels;
using DevBot.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;

namespace DevBot.Tests.Gateway;

/// <summary>Keys are stored encrypted, shown as …last4, and never written to logs or error messages.</summary>
[Collection(GatewayCollection.Name)]
public sealed class SecretHandlingTests(GatewayFixture fixture)
{
    [Fact]
    public async Task Keys_NeverAppearInLogsStorageOrOperatorViews()
    {
        fixture.Reset();
        var good = await fixture.AddKeyAsync("k9");
        var bad = await fixture.AddKeyAsync("k9");
        var user = TestUsers.NewId();
        await fixture.Grains.GetGrain<ICreditLedgerGrain>(user).GrantAsync(new CreditGrant("fund", 10m, GrantKind.Manual, null));
        fixture.Models.Faults.ForKey(bad.Secret, ScriptedFault.Unauthorized);
        fixture.Models.Faults.Force(ScriptedFault.ServerError, ScriptedFault.RateLimited);
        var client = fixture.Gateway.GetChatClient(new ModelRef("k9", "m"));
        for (var i = 0; i < 4; i++)
        {
            try
            {
                await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ModelCall(user, null, $"secret-{user}-{i}", "test").Apply());
            }
            catch (ModelGatewayException ex)
            {
                Assert.DoesNotContain(good.Secret, ex.ToString(), StringComparison.Ordinal);
                Assert.DoesNotContain(bad.Secret, ex.ToString(), StringComparison.Ordinal);
            }
        }

        var listed = await fixture.Grains.GetGrain<IApiKeyPoolGrain>("k9").ListAsync();
        var stored = await Sql.RowsAsync(fixture.ConnectionString, "SELECT secret_ciphertext, last4, label FROM api_keys WHERE provider = 'k9'");

        foreach (var secret in new[] { good.Secret, bad.Secret })
        {
            Assert.DoesNotContain(LogCapture.Entries, e => e.Text.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(listed, k => k.ToString().Contains(secret, StringComparison.Ordinal));
            var plain = Encoding.UTF8.GetBytes(secret);
            Assert.DoesNotContain(stored, row => ((byte[])row[0]!).AsSpan().IndexOf(plain) >= 0);
            Assert.Contains(listed, k => k.Masked == "…" + secret[^4..]);
        }

        Assert.Equal("…" + good.Secret[^4..], new ApiKeySecret(good.Secret).ToString());
    }

    [Fact]
    public async Task SameKeyAddedTwice_IsStoredOnce()
    {
        var secret = new ApiKeySecret("sk-dup-" + Guid.NewGuid().ToString("N"));
        var pool = fixture.Grains.GetGrain<IApiKeyPoolGrain>("dup-" + Guid.NewGuid().ToString("N")[..6]);

        var first = await pool.AddAsync(secret, "a", null);
        var second = await pool.AddAsync(secret, "b", null);
        var seeded = await pool.SeedAsync([secret, new ApiKeySecret("sk-other-" + Guid.NewGuid().ToString("N"))]);

        Assert.Equal(first.KeyId, second.KeyId);
        Assert.Equal(1, seeded);
        Assert.Equal(2, (await pool.ListAsync()).Count);
    }

    [Fact]
    public async Task ExpiredKey_IsNeverLeased()
    {
        var pool = fixture.Grains.GetGrain<IApiKeyPoolGrain>("exp-" + Guid.NewGuid().ToString("N")[..6]);
        await pool.AddAsync(new ApiKeySecret("sk-old-" + Guid.NewGuid().ToString("N")), null, DateTimeOffset.UtcNow.AddMinutes(-1));

        var lease = await pool.LeaseAsync();

        Assert.Null(lease.Lease);
        Assert.Null(lease.RetryAfter);
        Assert.Contains("1 expired", lease.Reason, StringComparison.Ordinal);
        Assert.Equal("expired", (await pool.ListAsync()).Single().Status);
    }

    [Fact]
    public async Task Rotate_RetiresTheOldKeyAndLeasesTheNewOne()
    {
        var pool = fixture.Grains.GetGrain<IApiKeyPoolGrain>("rot-" + Guid.NewGuid().ToString("N")[..6]);
        var old = await pool.AddAsync(new ApiKeySecret("sk-old-" + Guid.NewGuid().ToString("N")), null, null);

        var replacement = await pool.RotateAsync(old.KeyId, new ApiKeySecret("sk-new-" + Guid.NewGuid().ToString("N")));
        var lease = await pool.LeaseAsync();
        var disabled = await pool.DisableAsync(replacement.KeyId, "test");

        Assert.Equal(replacement.KeyId, lease.Lease!.KeyId);
        Assert.Equal("retired", (await pool.ListAsync()).Single(k => k.KeyId == old.KeyId).Status);
        Assert.True(disabled);
        Assert.Null((await pool.LeaseAsync()).Lease);
    }

    [Fact]
    public void Cipher_RoundTripsAndRefusesTamperingOrAnotherProvider()
    {
        var cipher = new ApiKeyCipher(RandomNumberGenerator.GetBytes(32));
        var sealedKey = cipher.Encrypt("sk-secret-value", "google");

        Assert.Equal("sk-secret-value", cipher.Decrypt(sealedKey.Ciphertext, sealedKey.Nonce, sealedKey.Tag, "google"));
        Assert.ThrowsAny<CryptographicException>(() => cipher.Decrypt(sealedKey.Ciphertext, sealedKey.Nonce, sealedKey.Tag, "openrouter"));
        var tampered = (byte[])sealedKey.Ciphertext.Clone();
        tampered[0] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => cipher.Decrypt(tampered, sealedKey.Nonce, sealedKey.Tag, "google"));
        Assert.ThrowsAny<CryptographicException>(() => new ApiKeyCipher(RandomNumberGenerator.GetBytes(32)).Decrypt(sealedKey.Ciphertext, sealedKey.Nonce, sealedKey.Tag, "google"));
    }

    [Theory]
    [InlineData("not-a-key-at-all")]
    [InlineData("c2hvcnQ=")]
    public void Cipher_MalformedMasterKey_IsRefusedWithoutEchoingIt(string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [ApiKeyCipher.MasterKeyVariable] = value }).Build();

        var error = Assert.Throws<FormatException>(() => ApiKeyCipher.FromConfiguration(configuration));

        Assert.DoesNotContain(value, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cipher_AcceptsHexAndBase64MasterKeys()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        foreach (var text in new[] { Convert.ToHexString(key), Convert.ToBase64String(key) })
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [ApiKeyCipher.MasterKeyVariable] = text }).Build();
            var cipher = ApiKeyCipher.FromConfiguration(configuration);
            var sealedKey = new ApiKeyCipher(key).Encrypt("x-secret", "p");
            Assert.Equal("x-secret", cipher.Decrypt(sealedKey.Ciphertext, sealedKey.Nonce, sealedKey.Tag, "p"));
        }
    }
}
