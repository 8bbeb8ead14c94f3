using System.Text.Json;
using DevBot.AdminConsole;
using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Keys;
using DevBot.GrainInterfaces.Users;
using DevBot.Tests.Infrastructure;
using DevBot.Tests.Pipeline;

namespace DevBot.Tests.Admin;

/// <summary>
/// The console as operators found it wanting (issue 17): words instead of .NET type names, relative dates, refused
/// states, confirmations, who did what, key health, and an idempotency key that cannot be reused for another amount.
/// </summary>
public sealed class OperatorConsoleTests
{
    [Theory]
    [InlineData("keys add google --expires tomorrowish", "--expires tomorrowish: not a date or time")]
    [InlineData("report spend --since 7x", "--since 7x: not a date or time")]
    [InlineData("credits grant 12 lots", "lots: not a number such as 125 or 12.5")]
    [InlineData("users show alice", "alice: not a whole number")]
    [InlineData("projects show 42", "42: not an id such as")]
    [InlineData("projects list --state Sleeping", "--state Sleeping: no such state; use one of: GatheringRequirements")]
    [InlineData("report margin --by model", "--by model: not a grouping of this report; use one of: day, month")]
    public async Task BadInput_IsExplainedInWords_NeverATypeName_ExitTwo(string commandLine, string expected)
    {
        var error = new StringWriter();
        var exit = await AdminCommands.RunAsync(commandLine.Split(' '), _ => throw new InvalidOperationException("no cluster needed"),
            new StringReader(string.Empty), new StringWriter(), error);

        Assert.Equal(AdminCommands.BadUsage, exit);
        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("System.", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("`1", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("7d", -7 * 24 * 60)]
    [InlineData("12h", -12 * 60)]
    [InlineData("90m", -90)]
    [InlineData("2w", -14 * 24 * 60)]
    public void RelativeTime_Ages_CountBackFromNow(string text, int minutes)
    {
        var now = new DateTimeOffset(2026, 11, 27, 16, 30, 0, TimeSpan.Zero);
        Assert.True(RelativeTime.TryParse(text, now, out var value));
        Assert.Equal(now.AddMinutes(minutes), value);
        Assert.True(RelativeTime.TryParse("yesterday", now, out var yesterday));
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero), yesterday);
        Assert.True(RelativeTime.TryParse("2026-11-01", now, out var date));
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), date);
        Assert.False(RelativeTime.TryParse("soon", now, out _));
    }

    [Fact]
    public async Task Changes_AskForConfirmation_AndRecordTheOperator()
    {
        await using var pipeline = await PipelineCluster.StartAsync("adminconfirm");
        var user = TestUsers.NewId();
        await pipeline.Grains.GetGrain<IUserGrain>(user).UpdateProfileAsync(new UserProfile("dave", null, null, null));
        var ledger = pipeline.Grains.GetGrain<ICreditLedgerGrain>(user);

        var unconfirmed = await RunAsync(pipeline, $"credits grant {user} 5000000 --key big");
        var small = await RunAsync(pipeline, $"credits grant {user} 50 --reason ticket-7 --key small --operator alice");
        var large = await RunAsync(pipeline, $"credits grant {user} 5000 --reason promo --key large --operator alice --yes");
        var reusedKey = await RunAsync(pipeline, $"credits grant {user} 60 --reason ticket-7 --key small --operator alice");
        var sameAgain = await RunAsync(pipeline, $"credits grant {user} 50 --reason ticket-7 --key small --operator alice");
        var forgetUnconfirmed = await RunAsync(pipeline, $"users forget {user}");

        Assert.Equal(1, unconfirmed.Exit);
        Assert.Contains("add --yes to confirm", unconfirmed.Err, StringComparison.Ordinal);
        Assert.Equal((0, 0), (small.Exit, large.Exit));
        Assert.Equal(1, reusedKey.Exit);
        Assert.Contains("--key small was already used for 50 credits", reusedKey.Err, StringComparison.Ordinal);
        Assert.StartsWith("Replayed", sameAgain.Out, StringComparison.Ordinal);
        Assert.Equal(1, forgetUnconfirmed.Exit);
        Assert.Equal(5050m, (await ledger.GetBalanceAsync()).Balance);
        Assert.Equal(["ticket-7 (by alice)", "promo (by alice)"], (await Sql.RowsAsync(pipeline.ConnectionString,
            "SELECT description FROM credit_transactions WHERE user_id = @u ORDER BY transaction_id", ("u", user))).Select(r => (string)r[0]!).ToArray());

        var forgotten = await RunAsync(pipeline, $"users forget {user} --yes --operator bob");
        Assert.Equal(0, forgotten.Exit);
        var actions = (await Sql.RowsAsync(pipeline.ConnectionString, "SELECT operator, action, target FROM operator_actions ORDER BY action_id"))
            .Select(r => $"{r[0]}|{r[1]}|{r[2]}").ToList();
        Assert.Equal([$"alice|credits grant|user {user}", $"alice|credits grant|user {user}", $"bob|users forget|user {user}"], actions);
    }

    [Fact]
    public async Task KeysList_ShowsErrorsLastErrorAndSpend_AndReAddingAKnownKeySaysSo()
    {
        await using var pipeline = await PipelineCluster.StartAsync("adminkeyhealth", encryptionKey: true);
        var secret = "sk-or-v1-" + Guid.NewGuid().ToString("N");
        var added = await RunAsync(pipeline, "keys add openrouter --label main", stdin: secret + "\n");
        var again = await RunAsync(pipeline, "keys add openrouter --label again", stdin: secret + "\n");
        var pool = pipeline.Grains.GetGrain<IApiKeyPoolGrain>("openrouter");
        var keyId = (await pool.ListAsync()).Single().KeyId;
        Assert.NotNull((await pool.LeaseAsync()).Lease);
        for (var i = 0; i < 3; i++)
        {
            // Each failed attempt, as the gateway reports it (the key then cools down briefly).
            await pool.ReportAsync(keyId, KeyOutcome.ServerError, null);
        }

        var disableUnconfirmed = await RunAsync(pipeline, $"keys disable openrouter {keyId}");
        var listed = await RunAsync(pipeline, "keys list openrouter --json");

        Assert.Equal(0, added.Exit);
        Assert.Equal(0, again.Exit);
        Assert.Contains($"already in the openrouter pool as #{keyId}", again.Out, StringComparison.Ordinal);
        Assert.Equal(1L, await Sql.ScalarAsync<long>(pipeline.ConnectionString, "SELECT count(*) FROM api_keys"));
        Assert.Equal(1, disableUnconfirmed.Exit);
        var key = JsonDocument.Parse(listed.Out).RootElement.EnumerateArray().Single().GetProperty("key");
        Assert.Equal(3, key.GetProperty("errorCount").GetInt64());
        Assert.Equal("5xx or network failure", key.GetProperty("lastError").GetString());
        Assert.Equal("active", key.GetProperty("status").GetString());

        var table = await RunAsync(pipeline, "keys list openrouter");
        Assert.Contains("5xx or network failure", table.Out, StringComparison.Ordinal);
        Assert.Contains("spend $", table.Out, StringComparison.Ordinal);
        var disabled = await RunAsync(pipeline, $"keys disable openrouter {keyId} --yes --operator carol --reason leaked");
        Assert.Equal(0, disabled.Exit);
        Assert.Equal("leaked (by carol)", await Sql.ScalarAsync<string>(pipeline.ConnectionString, "SELECT status_reason FROM api_keys"));
    }

    private static async Task<(int Exit, string Out, string Err)> RunAsync(PipelineCluster pipeline, string commandLine, string stdin = "")
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await AdminCommands.RunAsync(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries), _ => Task.FromResult(pipeline.Grains),
            new StringReader(stdin), output, error);
        return (exit, output.ToString().Trim(), error.ToString());
    }
}
