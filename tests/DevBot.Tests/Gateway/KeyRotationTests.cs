using DevBot.Gateway;
using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Keys;
using DevBot.ScriptedModels;
using DevBot.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace DevBot.Tests.Gateway;

/// <summary>Key pools: round robin, cooldown on 429, disabling on 401, and no spinning when every key cools down.</summary>
[Collection(GatewayCollection.Name)]
public sealed class KeyRotationTests(GatewayFixture fixture)
{
    [Fact]
    public async Task Leases_GoRoundRobinAcrossKeys()
    {
        fixture.Reset();
        var keys = new[] { await fixture.AddKeyAsync("k3"), await fixture.AddKeyAsync("k3"), await fixture.AddKeyAsync("k3") };
        var user = await FundedUserAsync();

        for (var i = 0; i < 6; i++)
        {
            await AskAsync("k3", user, $"rr-{user}-{i}");
        }

        // Only this test's keys: a request an earlier test of the collection gave up on may be recorded after the reset.
        var expected = keys.Select(k => k.Secret[^4..]).ToList();
        var used = fixture.Models.Exchanges.Select(e => e.KeyLast4).Where(k => k is not null && expected.Contains(k)).ToList();
        Assert.Equal([.. expected, .. expected], used);
    }

    [Fact]
    public async Task RateLimitedKey_IsSkippedUntilItsRetryAfterEnds()
    {
        fixture.Reset();
        var limited = await fixture.AddKeyAsync("k4");
        var healthy = await fixture.AddKeyAsync("k4");
        var user = await FundedUserAsync();
        fixture.Models.Faults.RetryAfterSeconds = 2;
        fixture.Models.Faults.ForKey(limited.Secret, ScriptedFault.RateLimited);

        await AskAsync("k4", user, $"rl-{user}-0");
        fixture.Models.Faults.ForKey(limited.Secret, ScriptedFault.None);
        for (var i = 1; i <= 3; i++)
        {
            await AskAsync("k4", user, $"rl-{user}-{i}");
        }

        var during = fixture.Models.Exchanges.Select(e => (e.KeyLast4, e.StatusCode)).ToList();
        Assert.Equal((limited.Secret[^4..], 429), during[0]);
        Assert.All(during.Skip(1), e => Assert.Equal((healthy.Secret[^4..], 200), e));
        var info = (await Pool("k4").ListAsync()).Single(k => k.KeyId == limited.Info.KeyId);
        Assert.InRange(info.CooldownUntil!.Value - DateTimeOffset.UtcNow, TimeSpan.Zero, TimeSpan.FromSeconds(2));

        await Task.Delay(TimeSpan.FromSeconds(2.2));
        fixture.Models.ClearExchanges();
        await AskAsync("k4", user, $"rl-{user}-4");
        await AskAsync("k4", user, $"rl-{user}-5");
        Assert.Contains(fixture.Models.Exchanges, e => e.KeyLast4 == limited.Secret[^4..] && e.StatusCode == 200);
    }

    [Fact]
    public async Task UnauthorizedKey_IsDisabledWithAnOperatorAlert()
    {
        fixture.Reset();
        var revoked = await fixture.AddKeyAsync("k5");
        await fixture.AddKeyAsync("k5");
        var user = await FundedUserAsync();
        fixture.Models.Faults.ForKey(revoked.Secret, ScriptedFault.Unauthorized);

        for (var i = 0; i < 3; i++)
        {
            await AskAsync("k5", user, $"401-{user}-{i}");
        }

        Assert.Single(fixture.Models.Exchanges, e => e.StatusCode == 401);
        var info = (await Pool("k5").ListAsync()).Single(k => k.KeyId == revoked.Info.KeyId);
        Assert.Equal("disabled", info.Status);
        Assert.Equal("disabled", await Sql.ScalarAsync<string>(fixture.ConnectionString, "SELECT status FROM api_keys WHERE key_id = @k", ("k", revoked.Info.KeyId)));
        Assert.Contains(LogCapture.Entries, e => e.EventId.Id == 9101 && e.Text.Contains(revoked.Info.Masked, StringComparison.Ordinal));
    }

    [Fact]
    public async Task EveryKeyCooling_RequestWaitsForTheEarliestThenSucceeds()
    {
        fixture.Reset();
        await fixture.AddKeyAsync("k6");
        var user = await FundedUserAsync();
        fixture.Models.Faults.RetryAfterSeconds = 1;
        fixture.Models.Faults.Force(ScriptedFault.RateLimited);

        var started = DateTime.UtcNow;
        await AskAsync("k6", user, $"wait-{user}");

        Assert.Equal([429, 200], fixture.Models.Exchanges.Select(e => e.StatusCode));
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task EveryKeyCoolingLongerThanTheWaitBudget_FailsTypedWithoutSpinning()
    {
        fixture.Reset();
        await fixture.AddKeyAsync("k7");
        var user = await FundedUserAsync();
        fixture.Models.Faults.RetryAfterSeconds = 60;
        fixture.Models.Faults.Force(ScriptedFault.RateLimited);

        var started = DateTime.UtcNow;
        var error = await Assert.ThrowsAsync<ModelUnavailableException>(() => AskAsync("k7", user, $"cool-{user}"));

        Assert.Equal(ModelFailureKind.NoUsableKeys, error.LastFailure);
        Assert.Single(fixture.Models.Exchanges);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(2));
        Assert.Equal(0m, (await fixture.Grains.GetGrain<ICreditLedgerGrain>(user).GetBalanceAsync()).Held);
    }

    [Fact]
    public async Task RoleFallback_UsesTheNextModelWhenTheFirstHasNoUsableKeys()
    {
        fixture.Reset();
        await fixture.AddKeyAsync("k1");
        var user = await FundedUserAsync();

        var response = await fixture.Gateway.GetChatClient(ModelRole.Architect)
            .GetResponseAsync([new ChatMessage(ChatRole.User, "plan it")], new ModelCall(user, null, $"fallback-{user}", "test").Apply());

        Assert.False(string.IsNullOrEmpty(response.Text));
        Assert.Equal("k1", await Sql.ScalarAsync<string>(fixture.ConnectionString, "SELECT provider FROM api_key_usage WHERE user_id = @u", ("u", user)));
    }

    private async Task AskAsync(string provider, long user, string callId) =>
        await fixture.Gateway.GetChatClient(new ModelRef(provider, "m"))
            .GetResponseAsync([new ChatMessage(ChatRole.User, "ping")], new ModelCall(user, null, callId, "test").Apply());

    private IApiKeyPoolGrain Pool(string provider) => fixture.Grains.GetGrain<IApiKeyPoolGrain>(provider);

    private async Task<long> FundedUserAsync()
    {
        var user = TestUsers.NewId();
        await fixture.Grains.GetGrain<ICreditLedgerGrain>(user).GrantAsync(new CreditGrant("fund", 100m, GrantKind.Manual, null));
        return user;
    }
}
