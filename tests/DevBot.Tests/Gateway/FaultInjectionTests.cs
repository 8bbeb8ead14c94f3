using DevBot.Gateway;
using DevBot.GrainInterfaces.Credits;
using DevBot.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace DevBot.Tests.Gateway;

/// <summary>Under 429s, 500s, timeouts and unreadable answers every request succeeds or fails typed, and the ledger stays exact.</summary>
[Collection(GatewayCollection.Name)]
public sealed class FaultInjectionTests(GatewayFixture fixture)
{
    [Fact]
    public async Task MixedFaults_EveryRequestSucceedsOrFailsTyped_AndTheLedgerHasNoOrphansOrDoubleCharges()
    {
        fixture.Reset();
        for (var i = 0; i < 3; i++)
        {
            await fixture.AddKeyAsync("k2");
        }

        var faults = fixture.Models.Faults;
        faults.Seed(7);
        faults.RetryAfterSeconds = null; // the pool's default cooldown applies
        faults.RateLimitedRate = 0.20;
        faults.ServerErrorRate = 0.05;
        faults.SlowRate = 0.02;
        faults.SlowDelay = TimeSpan.FromSeconds(3);
        faults.MalformedRate = 0.02;
        faults.TruncatedRate = 0.02;
        var user = TestUsers.NewId();
        var ledger = fixture.Grains.GetGrain<ICreditLedgerGrain>(user);
        await ledger.GrantAsync(new CreditGrant("fund", 1000m, GrantKind.Manual, null));
        var client = fixture.Gateway.GetChatClient(new ModelRef("k2", "m"));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 60).Select(async i =>
        {
            try
            {
                await client.GetResponseAsync([new ChatMessage(ChatRole.User, $"request {i}")], new ModelCall(user, null, $"fault-{user}-{i}", "test").Apply());
                return "ok";
            }
            catch (ModelGatewayException ex)
            {
                return ex.GetType().Name;
            }
        }));
        faults.Clear();

        Assert.All(outcomes, o => Assert.True(o is "ok" or nameof(ModelUnavailableException), o));
        Assert.True(outcomes.Count(o => o == "ok") >= 50, string.Join(",", outcomes));
        Assert.Contains(fixture.Models.Exchanges, e => e.StatusCode == 429);
        Assert.Contains(fixture.Models.Exchanges, e => e.StatusCode == 500);

        var succeeded = outcomes.Count(o => o == "ok");
        var usage = (await Sql.RowsAsync(fixture.ConnectionString,
            "SELECT count(*), COALESCE(sum(input_tokens), 0), COALESCE(sum(output_tokens), 0) FROM api_key_usage WHERE user_id = @u", ("u", user))).Single();
        var served = fixture.Models.Exchanges.Where(e => e.StatusCode == 200 && e.Fault == DevBot.ScriptedModels.ScriptedFault.None).ToList();
        Assert.Equal((long)succeeded, usage[0]);
        Assert.Equal((long)served.Sum(e => e.InputTokens), usage[1]);
        Assert.Equal((long)served.Sum(e => e.OutputTokens), usage[2]);
        Assert.Equal(0L, await Sql.ScalarAsync<long>(fixture.ConnectionString,
            "SELECT count(*) FROM credit_holds WHERE user_id = @u AND status = 'open'", ("u", user)));
        Assert.Equal(0L, await Sql.ScalarAsync<long>(fixture.ConnectionString,
            "SELECT count(*) FROM (SELECT call_id FROM credit_transactions WHERE user_id = @u AND kind = 'usage' GROUP BY call_id HAVING count(*) > 1) d",
            ("u", user)));
        var balance = await ledger.GetBalanceAsync();
        Assert.Equal(0m, balance.Held);
        Assert.Equal(balance.Balance, await Sql.ScalarAsync<decimal>(fixture.ConnectionString,
            "SELECT sum(credits_amount) FROM credit_transactions WHERE user_id = @u", ("u", user)));
    }
}
