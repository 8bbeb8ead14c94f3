using System.Collections.Concurrent;
using System.Text.Json;
using DevBot.Bot.Handling;
using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Projects;
using DevBot.ScriptedModels;
using DevBot.Tests.Infrastructure;

namespace DevBot.Tests.Pipeline;

/// <summary>
/// The pipeline with models that answer as real ones do: structured output asked for where the provider takes it, an
/// answer cut off at the output limit asked for again with more room, and a whole journey whose every answer is
/// perturbed the way real models write (fences, prose, reasoning blocks, decorated paths, three backticks, key case,
/// synonyms, narration beside tool calls, lazy elisions and cut-off answers on first tries).
/// </summary>
public sealed class RealAnswerTests
{
    [Fact]
    public async Task StructuredOutput_IsAskedForWhereTheProviderTakesIt_AndNeverBesideTools()
    {
        await using var pipeline = await PipelineCluster.StartAsync("structured",
            extraSettings: new Dictionary<string, string> { ["Models:Providers:scripted:StructuredOutput"] = "true" });
        var requests = new ConcurrentQueue<ScriptedRequest>();
        pipeline.Scenario.OnRequest = requests.Enqueue;
        var user = TestUsers.NewId();
        await pipeline.Grains.GetGrain<ICreditLedgerGrain>(user).GrantAsync(new CreditGrant("structured", 500m, GrantKind.Manual, null));

        var projectId = await pipeline.StartProjectAsync(user);
        await pipeline.WaitForAsync(projectId, s => s.State is ProjectState.Completed or ProjectState.Failed or ProjectState.Paused);

        var questions = requests.Where(r => r.AllText.Contains("[devbot:task=architect.questions]", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(questions);
        Assert.All(questions, r =>
        {
            using var format = JsonDocument.Parse(r.ResponseFormat!);
            Assert.Equal("json_schema", format.RootElement.GetProperty("type").GetString());
            var schema = format.RootElement.GetProperty("json_schema").GetProperty("schema");
            Assert.True(schema.GetProperty("properties").TryGetProperty("questions", out _), r.ResponseFormat);
        });
        var withTools = requests.Where(r => r.ToolNames.Count > 0).ToList();
        Assert.NotEmpty(withTools);
        Assert.All(withTools, r => Assert.Null(r.ResponseFormat));
    }

    [Fact]
    public async Task StructuredOutput_IsLeftOut_ForAProviderThatDoesNotTakeIt()
    {
        await using var pipeline = await PipelineCluster.StartAsync("unstructured");
        var requests = new ConcurrentQueue<ScriptedRequest>();
        pipeline.Scenario.OnRequest = requests.Enqueue;
        var user = TestUsers.NewId();
        await pipeline.Grains.GetGrain<ICreditLedgerGrain>(user).GrantAsync(new CreditGrant("unstructured", 500m, GrantKind.Manual, null));
        var projectId = Guid.NewGuid();

        await pipeline.Grains.GetGrain<IProjectGrain>(projectId).CreateAsync(user, "A notes tool.");
        await pipeline.WaitForAsync(projectId, s => s.OpenQuestions.Count > 0);

        Assert.All(requests, r => Assert.Null(r.ResponseFormat));
    }

    [Fact]
    public async Task AnswerCutOffAtTheOutputLimit_IsNeverUsed_AndIsAskedForAgainWithMoreRoom()
    {
        await using var pipeline = await PipelineCluster.StartAsync("cutoff");
        var requests = new ConcurrentQueue<ScriptedRequest>();
        pipeline.Scenario.OnRequest = requests.Enqueue;
        pipeline.Scenario.CutOffOnce.Add("architect.questions:1");
        pipeline.Scenario.CutOffOnce.Add("implementer.item:1.1");
        var user = TestUsers.NewId();
        await pipeline.Grains.GetGrain<ICreditLedgerGrain>(user).GrantAsync(new CreditGrant("cutoff", 500m, GrantKind.Manual, null));

        var projectId = await pipeline.StartProjectAsync(user);
        var final = await pipeline.WaitForAsync(projectId, s => s.State is ProjectState.Completed or ProjectState.Failed or ProjectState.Paused);

        Assert.True(final.State == ProjectState.Completed, $"{final.State}: {ProjectWording.Activity(final.Activity)}");
        var firstRound = requests.Where(r => r.AllText.Contains("[devbot:task=architect.questions] [devbot:round=1]", StringComparison.Ordinal)).ToList();
        Assert.Equal([null, 16384], firstRound.Select(r => r.MaxTokens));
        var item = requests.Where(r => r.AllText.Contains("[devbot:item=1.1]", StringComparison.Ordinal)).ToList();
        Assert.Equal([null, 16384], item.Select(r => r.MaxTokens));
        // The cut-off answers were billed (providers charge them) under their own call ids, and never used: each
        // retry with more room is a call of its own, and 1.1 was committed once.
        Assert.Equal(2L, await Sql.ScalarAsync<long>(pipeline.ConnectionString,
            "SELECT count(*) FROM api_key_usage WHERE project_id = @p AND call_id LIKE '%/room1#%'", ("p", projectId)));
        var package = await pipeline.Grains.GetGrain<IProjectGrain>(projectId).GetPackageAsync(user);
        Assert.NotNull(package);
    }

    [Theory]
    [InlineData(1.0, 7)]
    [InlineData(0.5, 11)]
    public async Task WholeJourney_WithSloppyAnswers_CompletesAndBillsExactly(double rate, int seed)
    {
        await using var pipeline = await PipelineCluster.StartAsync("sloppy", sloppyRate: rate, sloppySeed: seed);
        var user = TestUsers.NewId();
        var ledger = pipeline.Grains.GetGrain<ICreditLedgerGrain>(user);
        await ledger.GrantAsync(new CreditGrant("sloppy", 500m, GrantKind.Manual, null));

        var projectId = await pipeline.StartProjectAsync(user);
        var final = await pipeline.WaitForAsync(projectId, s => s.State is ProjectState.Completed or ProjectState.Failed or ProjectState.Paused, TimeSpan.FromMinutes(3));

        Assert.True(final.State == ProjectState.Completed, $"{final.State}: {ProjectWording.Activity(final.Activity)} after {string.Join(", ", pipeline.Sloppy!.Made)}");
        var events = await pipeline.Grains.GetGrain<IProjectGrain>(projectId).GetEventsAsync(0, 500);
        Assert.True(Assert.IsType<Delivered>(events[^1].News).TestsPassed);
        Assert.True(pipeline.Sloppy!.Made.Count >= (rate >= 1.0 ? 6 : 3), string.Join(", ", pipeline.Sloppy.Made));
        var balance = await ledger.GetBalanceAsync();
        Assert.Equal(0m, balance.Held);
        Assert.Equal(balance.Balance, await Sql.ScalarAsync<decimal>(pipeline.ConnectionString,
            "SELECT sum(credits_amount) FROM credit_transactions WHERE user_id = @u", ("u", user)));
    }
}
