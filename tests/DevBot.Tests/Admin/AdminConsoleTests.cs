using System.Text;
using System.Text.Json;
using DevBot.AdminConsole;
using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Projects;
using DevBot.Tests.Infrastructure;
using DevBot.Tests.Pipeline;

namespace DevBot.Tests.Admin;

/// <summary>The admin console's commands, run as an operator would, against a test cluster on real PostgreSQL.</summary>
public sealed class AdminConsoleTests
{
    [Fact]
    public async Task CreditsGrant_ShowsInTheBalanceAndTheLedger_OncePerKey()
    {
        await using var pipeline = await PipelineCluster.StartAsync("admincredits");
        var user = TestUsers.NewId();
        var ledger = pipeline.Grains.GetGrain<ICreditLedgerGrain>(user);
        var mistyped = await RunAsync(pipeline, $"credits grant {user} 125.5");
        Assert.Equal(1, mistyped.Exit);
        Assert.Contains($"no user {user}", mistyped.Err, StringComparison.Ordinal);
        Assert.Equal(0L, await Sql.ScalarAsync<long>(pipeline.ConnectionString, "SELECT count(*) FROM users WHERE user_id = @u", ("u", user)));
        await pipeline.Grains.GetGrain<DevBot.GrainInterfaces.Users.IUserGrain>(user).UpdateProfileAsync(new DevBot.GrainInterfaces.Users.UserProfile("carol", null, null, null));

        var first = await RunAsync(pipeline, $"credits grant {user} 125.5 --reason support --key ticket-42");
        var again = await RunAsync(pipeline, $"credits grant {user} 125.5 --reason support --key ticket-42");
        var adjusted = await RunAsync(pipeline, $"credits adjust {user} -25.5 --reason correction --json");
        var negative = await RunAsync(pipeline, $"credits grant {user} -5");

        Assert.Equal(0, first.Exit);
        Assert.StartsWith("Posted: 125.5 credits", first.Out, StringComparison.Ordinal);
        Assert.StartsWith("Replayed", again.Out, StringComparison.Ordinal);
        Assert.Equal("Posted", JsonDocument.Parse(adjusted.Out).RootElement.GetProperty("status").GetString());
        Assert.Equal((1, string.Empty), (negative.Exit, negative.Out));
        Assert.Single(negative.Err.Trim().Split('\n'));
        Assert.Equal(100m, (await ledger.GetBalanceAsync()).Balance);
        Assert.Equal(100m, await Sql.ScalarAsync<decimal>(pipeline.ConnectionString, "SELECT sum(credits_amount) FROM credit_transactions WHERE user_id = @u", ("u", user)));
        Assert.Equal(2L, await Sql.ScalarAsync<long>(pipeline.ConnectionString, "SELECT count(*) FROM credit_transactions WHERE user_id = @u", ("u", user)));

        var shown = await RunAsync(pipeline, $"users show {user}");
        Assert.Contains("balance 100", shown.Out, StringComparison.Ordinal);
        Assert.Contains("support", shown.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reports_TotalsEqualSumsOverTheRows()
    {
        await using var pipeline = await PipelineCluster.StartAsync("adminreport");
        var user = TestUsers.NewId();
        await pipeline.Grains.GetGrain<ICreditLedgerGrain>(user).GrantAsync(new CreditGrant("report", 500m, GrantKind.Manual, null));
        await pipeline.Grains.GetGrain<ICreditLedgerGrain>(user).PurchaseAsync(new CreditPurchase("charge-" + user, 500m, 390m, "XTR", null));
        var projectId = await pipeline.StartProjectAsync(user);
        await pipeline.WaitForAsync(projectId, s => s.State == ProjectState.Completed);

        var since = DateTimeOffset.UtcNow.AddHours(-1).ToString("O");
        var spend = await RunAsync(pipeline, $"report spend --by model --since {since} --json");
        var revenue = await RunAsync(pipeline, $"report revenue --by user --since {since} --json");
        var margin = await RunAsync(pipeline, $"report spend --by tasktype --since {since}");

        Assert.Equal((0, 0, 0), (spend.Exit, revenue.Exit, margin.Exit));
        var report = JsonDocument.Parse(spend.Out).RootElement;
        var rows = report.GetProperty("rows").EnumerateArray().ToList();
        var total = report.GetProperty("total");
        Assert.True(rows.Count >= 2, spend.Out);
        Assert.Equal(rows.Sum(r => r.GetProperty("costUsd").GetDecimal()), total.GetProperty("costUsd").GetDecimal());
        Assert.Equal(rows.Sum(r => r.GetProperty("creditsCharged").GetDecimal()), total.GetProperty("creditsCharged").GetDecimal());
        Assert.Equal(await Sql.ScalarAsync<decimal>(pipeline.ConnectionString, "SELECT sum(charged_cost_usd) FROM api_key_usage WHERE created_at >= now() - interval '1 hour'"),
            total.GetProperty("costUsd").GetDecimal());
        Assert.Equal(await Sql.ScalarAsync<decimal>(pipeline.ConnectionString, "SELECT sum(credits_charged) FROM api_key_usage WHERE created_at >= now() - interval '1 hour'"),
            total.GetProperty("creditsCharged").GetDecimal());
        Assert.Equal(await Sql.ScalarAsync<long>(pipeline.ConnectionString, "SELECT count(*) FROM api_key_usage WHERE created_at >= now() - interval '1 hour'"),
            total.GetProperty("requests").GetInt64());
        Assert.Equal(500m, JsonDocument.Parse(revenue.Out).RootElement.GetProperty("totalCreditsSold").GetDecimal());
        Assert.Contains("implement_todo", margin.Out, StringComparison.Ordinal);
        Assert.Contains("total", margin.Out, StringComparison.Ordinal);

        // The page's product figures read the same project's news: delivered, its tests passed, its reviews counted.
        // The user's rating (issue 18's buttons call this) shows beside them.
        await pipeline.Grains.GetGrain<IProjectGrain>(projectId).RateAsync(user, 4);
        var outcomes = await pipeline.Grains.GetGrain<DevBot.GrainInterfaces.Admin.IAdminGrain>(0).GetProjectOutcomesAsync(DateTimeOffset.UtcNow.AddHours(-1));
        Assert.Equal((1L, 1L), (outcomes.Completed, outcomes.TestsPassedProjects));
        Assert.Equal((1L, 4.00m), (outcomes.RatedProjects, outcomes.AverageRating));
        Assert.True(outcomes.ReviewsPassed + outcomes.ReviewsWithGaps >= 1, outcomes.ToString());
        Assert.NotNull(outcomes.MedianMinutesToDelivery);

        var listed = await RunAsync(pipeline, $"projects list --user {user}");
        Assert.Contains(projectId.ToString(), listed.Out, StringComparison.Ordinal);
        Assert.Contains("Completed", listed.Out, StringComparison.Ordinal);
        var cancel = await RunAsync(pipeline, $"projects cancel {projectId}");
        Assert.Equal(1, cancel.Exit);
        Assert.Contains("already ended", cancel.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysAdd_StoresTheKeyEncrypted_AndShowsItOnlyMasked()
    {
        await using var pipeline = await PipelineCluster.StartAsync("adminkeys", encryptionKey: true);
        var secret = "sk-or-v1-" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");

        var added = await RunAsync(pipeline, "keys add openrouter --label main", stdin: secret + "\n");
        var listed = await RunAsync(pipeline, "keys list openrouter");
        var json = await RunAsync(pipeline, "keys list --json");
        var badProvider = await RunAsync(pipeline, "keys add azure", stdin: secret + "\n");
        var noSecret = await RunAsync(pipeline, "keys add google", stdin: string.Empty);

        Assert.Equal(0, added.Exit);
        Assert.Contains("…" + secret[^4..], added.Out, StringComparison.Ordinal);
        Assert.Contains("…" + secret[^4..], listed.Out, StringComparison.Ordinal);
        Assert.Contains("main", listed.Out, StringComparison.Ordinal);
        Assert.Equal("…" + secret[^4..], JsonDocument.Parse(json.Out).RootElement.EnumerateArray().Single().GetProperty("key").GetProperty("masked").GetString());
        foreach (var output in new[] { added, listed, json, badProvider, noSecret })
        {
            Assert.DoesNotContain(secret[..24], output.Out + output.Err, StringComparison.Ordinal);
        }

        Assert.Equal(2, badProvider.Exit);
        Assert.Equal(1, noSecret.Exit);
        Assert.Contains("standard input", noSecret.Err, StringComparison.Ordinal);
        // What is stored is ciphertext: no column of the row holds the key's bytes.
        var stored = await Sql.ScalarAsync<byte[]>(pipeline.ConnectionString,
            "SELECT convert_to(row_to_json(k)::text, 'UTF8') FROM api_keys k WHERE provider = 'openrouter'");
        Assert.DoesNotContain(secret[9..33], Encoding.UTF8.GetString(stored), StringComparison.Ordinal);
        var cipher = await Sql.ScalarAsync<byte[]>(pipeline.ConnectionString, "SELECT secret_ciphertext FROM api_keys WHERE provider = 'openrouter'");
        Assert.Equal(-1, cipher.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret[9..33])));
    }

    [Fact]
    public async Task BadUsage_ExitsTwo_WithOneLine_AndNeedsNoCluster()
    {
        var connected = false;
        foreach (var args in new[] { "nonsense", "credits grant abc 5", "keys", "report spend --by galaxy", "report revenue --by provider" })
        {
            var error = new StringWriter();
            var exit = await AdminCommands.RunAsync(args.Split(' '), _ =>
            {
                connected = true;
                throw new InvalidOperationException("no cluster here");
            }, new StringReader(string.Empty), new StringWriter(), error);
            Assert.Equal(AdminCommands.BadUsage, exit);
            Assert.StartsWith("devbot-admin: ", error.ToString(), StringComparison.Ordinal);
        }

        Assert.False(connected);
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
