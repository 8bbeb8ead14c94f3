using DevBot.Gateway;
using DevBot.GrainInterfaces.Credits;
using DevBot.ScriptedModels;
using DevBot.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace DevBot.Tests.Gateway;

/// <summary>Every HTTP request to a model is billed from what the provider reported, and never sent unpaid.</summary>
[Collection(GatewayCollection.Name)]
public sealed class MeteringTests(GatewayFixture fixture)
{
    [Fact]
    public async Task Chat_ChargesExactlyTheUsageTheServerReported()
    {
        fixture.Reset();
        await fixture.AddKeyAsync("k1");
        var user = await FundedUserAsync(100m);
        var marker = Marker();
        fixture.Script.WhenContains(marker, _ => new ScriptedReply("hello from the script", InputTokens: 1200, OutputTokens: 300));
        var project = Guid.NewGuid();

        var response = await fixture.Gateway.GetChatClient(new ModelRef("k1", "m"))
            .GetResponseAsync([new ChatMessage(ChatRole.User, marker)], new ModelCall(user, project, "chat-" + marker, "test").Apply());

        Assert.Equal("hello from the script", response.Text);
        var exchange = Assert.Single(fixture.Models.Exchanges);
        Assert.Equal((1200, 300), (exchange.InputTokens, exchange.OutputTokens));
        // 1200 × 1.0/M + 300 × 2.0/M = 0.0018 USD → × 150 = 0.27 credits
        var row = (await Sql.RowsAsync(fixture.ConnectionString,
            "SELECT call_id, input_tokens, output_tokens, charged_cost_usd, credits_charged, project_id, key_id IS NOT NULL FROM api_key_usage WHERE user_id = @u",
            ("u", user))).Single();
        Assert.Equal(["chat-" + marker + "#1", 1200, 300, 0.0018m, 0.27m, project, true], row);
        Assert.Equal(0.27m, response.AdditionalProperties![GatewayResponseProperties.CreditsCharged]);
        Assert.Equal(new CreditBalance(99.73m, 0m), await Ledger(user).GetBalanceAsync());
    }

    [Fact]
    public async Task Chat_ProviderReportedCost_IsWhatIsCharged()
    {
        fixture.Reset();
        await fixture.AddKeyAsync("k1");
        var user = await FundedUserAsync(100m);
        var marker = Marker();
        fixture.Script.WhenContains(marker, _ => new ScriptedReply("priced by the provider", InputTokens: 1000, OutputTokens: 100, Cost: 0.0123m));

        await fixture.Gateway.GetChatClient(new ModelRef("k1", "m"))
            .GetResponseAsync([new ChatMessage(ChatRole.User, marker)], new ModelCall(user, null, "cost-" + marker, "test").Apply());

        var row = (await Sql.RowsAsync(fixture.ConnectionString,
            "SELECT computed_cost_usd, provider_cost_usd, charged_cost_usd, credits_charged FROM api_key_usage WHERE user_id = @u", ("u", user))).Single();
        Assert.Equal([0.0012m, 0.0123m, 0.0123m, 1.845m], row);
    }

    [Fact]
    public async Task ToolLoop_BillsEachHttpRequestSeparately()
    {
        fixture.Reset();
        await fixture.AddKeyAsync("k2");
        var user = await FundedUserAsync(100m);
        var marker = Marker();
        fixture.Script.WhenContains(marker, request => request.ToolResults.Count == 0
            ? new ScriptedReply(null, [new ScriptedToolCall("call_1", "get_time_zone", "{\"city\":\"Oslo\"}")], InputTokens: 500, OutputTokens: 20)
            : new ScriptedReply($"Oslo is in {request.ToolResults[0].Content}.", InputTokens: 540, OutputTokens: 12));
        var calls = 0;
        var tool = AIFunctionFactory.Create((string city) => { calls++; return city == "Oslo" ? "Europe/Oslo" : "unknown"; }, "get_time_zone");
        var options = new ModelCall(user, null, "tools-" + marker, "test").Apply(new ChatOptions { Tools = [tool] });

        var response = await fixture.Gateway.GetChatClient(ModelRole.Implementer).GetResponseAsync([new ChatMessage(ChatRole.User, marker)], options);

        Assert.Contains("Europe/Oslo", response.Text, StringComparison.Ordinal);
        Assert.Equal(1, calls);
        Assert.Equal(2, fixture.Models.Exchanges.Count);
        var rows = await Sql.RowsAsync(fixture.ConnectionString,
            "SELECT call_id, input_tokens, output_tokens FROM api_key_usage WHERE user_id = @u ORDER BY usage_id", ("u", user));
        Assert.Equal([["tools-" + marker + "#1", 500, 20], ["tools-" + marker + "#3", 540, 12]], rows);
        var charged = await Sql.ScalarAsync<decimal>(fixture.ConnectionString, "SELECT sum(credits_charged) FROM api_key_usage WHERE user_id = @u", ("u", user));
        Assert.Equal(100m - charged, (await Ledger(user).GetBalanceAsync()).Balance);
    }

    [Fact]
    public async Task Embeddings_AreMeteredAndDecodedFromBase64()
    {
        fixture.Reset();
        await fixture.AddKeyAsync("k1");
        var user = await FundedUserAsync(10m);
        string[] inputs = ["class Invoice { decimal Total; }", "def parse(text): return text.split()"];

        var embeddings = await fixture.Gateway.GetEmbeddingGenerator()
            .GenerateAsync(inputs, new ModelCall(user, null, "embed-" + Marker(), "code_embedding").Apply(new EmbeddingGenerationOptions()));

        Assert.Equal(2, embeddings.Count);
        Assert.Equal(ScriptedModelServer.EmbeddingOf(inputs[0], fixture.Models.EmbeddingDimensions), embeddings[0].Vector.ToArray());
        var exchange = Assert.Single(fixture.Models.Exchanges);
        var row = (await Sql.RowsAsync(fixture.ConnectionString,
            "SELECT task_type, input_tokens, output_tokens FROM api_key_usage WHERE user_id = @u", ("u", user))).Single();
        Assert.Equal(["code_embedding", exchange.InputTokens, 0], row);
    }

    [Fact]
    public async Task InsufficientCredits_StopsTheRequestBeforeItIsSent()
    {
        fixture.Reset();
        await fixture.AddKeyAsync("k1");
        var user = await FundedUserAsync(0.001m);

        var error = await Assert.ThrowsAsync<InsufficientCreditsException>(() => fixture.Gateway.GetChatClient(new ModelRef("k1", "m"))
            .GetResponseAsync([new ChatMessage(ChatRole.User, "an expensive question")], new ModelCall(user, null, "poor-" + Marker(), "test").Apply()));

        Assert.True(error.Shortfall > 0);
        Assert.Empty(fixture.Models.Exchanges);
        Assert.Equal(0L, await Sql.ScalarAsync<long>(fixture.ConnectionString, "SELECT count(*) FROM credit_holds WHERE user_id = @u", ("u", user)));
    }

    [Fact]
    public async Task CreditsHeldByTheUsersOtherRequests_AreWaitedFor_WhenTheBalanceCoversTheRequest()
    {
        fixture.Reset();
        await fixture.AddKeyAsync("k1");
        var user = await FundedUserAsync(10m);
        var marker = Marker();
        fixture.Script.WhenContains(marker, _ => new ScriptedReply("answered after the sibling settled", InputTokens: 100, OutputTokens: 10));
        // A sibling request (a step beside this one) holds 9.5 of the 10 credits: this request's worst case (about 2.5
        // credits) is covered by the balance but not by what is available.
        Assert.Equal(ReserveStatus.Reserved, (await Ledger(user).ReserveAsync(new ReserveRequest("sibling-" + marker, 9.5m, "k1", "m", null))).Status);

        var request = fixture.Gateway.GetChatClient(new ModelRef("k1", "m"))
            .GetResponseAsync([new ChatMessage(ChatRole.User, marker)], new ModelCall(user, null, "waits-" + marker, "test").Apply());
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.False(request.IsCompleted);
        Assert.Empty(fixture.Models.Exchanges);

        // The sibling ends (here: voided); the request goes out and is charged what it used.
        await Ledger(user).VoidAsync("sibling-" + marker);
        var response = await request.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("answered after the sibling settled", response.Text);
        var balance = await Ledger(user).GetBalanceAsync();
        Assert.Equal(0m, balance.Held);
        Assert.Equal(balance.Balance, await Sql.ScalarAsync<decimal>(fixture.ConnectionString, "SELECT sum(credits_amount) FROM credit_transactions WHERE user_id = @u", ("u", user)));
    }

    [Fact]
    public async Task UnknownModel_IsRefusedBeforeAnythingIsSent()
    {
        fixture.Reset();
        var user = await FundedUserAsync(10m);

        await Assert.ThrowsAsync<UnknownModelException>(() => fixture.Gateway.GetChatClient(new ModelRef("k1", "no-price"))
            .GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ModelCall(user, null, "unknown-" + Marker(), "test").Apply()));

        Assert.Empty(fixture.Models.Exchanges);
    }

    [Fact]
    public async Task RetriedStep_WithSameCallId_ReplaysTheRecordedAnswerAndIsNotBilledTwice()
    {
        fixture.Reset();
        await fixture.AddKeyAsync("k1");
        var user = await FundedUserAsync(10m);
        var call = new ModelCall(user, null, "step-" + Marker(), "test");
        var client = fixture.Gateway.GetChatClient(new ModelRef("k1", "m"));
        List<ChatMessage> prompt = [new(ChatRole.User, "once")];

        var first = await client.GetResponseAsync(prompt, call.Apply());
        var again = await client.GetResponseAsync(prompt, call.Apply());

        Assert.Equal(first.Text, again.Text);
        Assert.Equal(true, again.AdditionalProperties![GatewayResponseProperties.Replayed]);
        Assert.Equal(0m, again.AdditionalProperties[GatewayResponseProperties.CreditsCharged]);
        Assert.Single(fixture.Models.Exchanges);
        Assert.Equal(1L, await Sql.ScalarAsync<long>(fixture.ConnectionString, "SELECT count(*) FROM api_key_usage WHERE user_id = @u", ("u", user)));
    }

    [Fact]
    public async Task ReplayedAnswer_KeepsItsFinishReason_AndTheJournalKeepsEveryBilledCount()
    {
        fixture.Reset();
        await fixture.AddKeyAsync("k1");
        var user = await FundedUserAsync(10m);
        var marker = Marker();
        fixture.Script.WhenContains(marker, _ => new ScriptedReply("half an ans", FinishReason: "length",
            UsageJson: """{"prompt_tokens": 1000, "completion_tokens": 500, "total_tokens": 1500, "prompt_tokens_details": {"cached_tokens": 600}, "completion_tokens_details": {"reasoning_tokens": 300}}"""));
        var call = new ModelCall(user, null, "cut-" + marker, "test");
        var client = fixture.Gateway.GetChatClient(new ModelRef("k1", "m"));

        var first = await client.GetResponseAsync([new ChatMessage(ChatRole.User, marker)], call.Apply());
        var replayed = await client.GetResponseAsync([new ChatMessage(ChatRole.User, marker)], call.Apply());

        // A cut-off answer stays known as cut off when a re-run step replays it, so it is never used as complete.
        Assert.Equal(ChatFinishReason.Length, first.FinishReason);
        Assert.Equal(ChatFinishReason.Length, replayed.FinishReason);
        var recorded = await new DevBot.Grains.Agents.PostgresResponseJournal(Npgsql.NpgsqlDataSource.Create(fixture.ConnectionString))
            .FindAsync(call.CallId + "#1");
        Assert.Equal((1000L, 500L, 600L, 300L, "length"),
            (recorded!.InputTokens, recorded.OutputTokens, recorded.CachedInputTokens, recorded.ReasoningTokens, recorded.FinishReason));
    }

    [Fact]
    public async Task JsonSchema_IsSentToAModelTheCatalogueSaysTakesOne_AndLeftOutOtherwise()
    {
        fixture.Reset();
        await fixture.AddKeyAsync("k1");
        var user = await FundedUserAsync(10m);
        var marker = Marker();
        var seen = new System.Collections.Concurrent.ConcurrentQueue<string?>();
        fixture.Script.WhenContains(marker, r =>
        {
            seen.Enqueue(r.ResponseFormat);
            return new ScriptedReply("{\"pass\": true}");
        });
        var format = DevBot.Grains.Agents.StructuredAnswers.SchemaOf<DevBot.Grains.Agents.VerdictReply>("verdict", "a verdict");
        var pricing = fixture.Grains.GetGrain<DevBot.GrainInterfaces.Pricing.IModelPricingGrain>(DevBot.GrainInterfaces.Pricing.IModelPricingGrain.CatalogKey);
        var client = fixture.Gateway.GetChatClient(new ModelRef("k1", "m"));

        await pricing.SetTakesJsonSchemaAsync("k1", "m", true, "test");
        await client.GetResponseAsync([new ChatMessage(ChatRole.User, marker + " a")], new ModelCall(user, null, "schema-a-" + marker, "test").Apply(new ChatOptions { ResponseFormat = format }));
        await pricing.SetTakesJsonSchemaAsync("k1", "m", false, "test");
        await client.GetResponseAsync([new ChatMessage(ChatRole.User, marker + " b")], new ModelCall(user, null, "schema-b-" + marker, "test").Apply(new ChatOptions { ResponseFormat = format }));

        var sent = seen.ToList();
        Assert.Equal(2, sent.Count);
        Assert.Contains("\"json_schema\"", sent[0], StringComparison.Ordinal);
        Assert.Contains("\"pass\"", sent[0], StringComparison.Ordinal);
        Assert.Null(sent[1]);
    }

    [Fact]
    public async Task Request_WithoutModelCall_IsRefused()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Gateway.GetChatClient(new ModelRef("k1", "m"))
            .GetResponseAsync([new ChatMessage(ChatRole.User, "who pays?")]));
    }

    private async Task<long> FundedUserAsync(decimal credits)
    {
        var user = TestUsers.NewId();
        await Ledger(user).GrantAsync(new CreditGrant("fund", credits, GrantKind.Manual, null));
        return user;
    }

    private ICreditLedgerGrain Ledger(long user) => fixture.Grains.GetGrain<ICreditLedgerGrain>(user);

    private static string Marker() => "[t:" + Guid.NewGuid().ToString("N")[..10] + "]";
}
