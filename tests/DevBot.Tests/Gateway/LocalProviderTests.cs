using System.ComponentModel.DataAnnotations;
using DevBot.Gateway;
using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Projects;
using DevBot.ScriptedModels;
using DevBot.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace DevBot.Tests.Gateway;

/// <summary>
/// DevBot on a local model: a provider from a profile (base URL, no key pool, free unless priced), one model for both
/// chat roles, and the model's context window kept — configured exactly as the README shows, pointed at the scripted
/// server instead of Ollama's port.
/// </summary>
public sealed class LocalProviderTests
{
    private const string LocalModel = "qwen2.5-coder:14b";

    [Fact]
    public async Task WholeJourney_OnAnOllamaProfile_CompletesFreeWithEveryRequestInsideTheContextWindow()
    {
        const int window = 8192;
        var connectionString = await TestPostgres.CreateMigratedDatabaseAsync("local");
        var recording = new RecordingScript(new SampleProjectScenario());
        await using var models = await ScriptedModelServer.StartAsync(recording);
        var settings = new Dictionary<string, string>
        {
            // The README's three lines …
            ["Models:Providers:local:Profile"] = "ollama",
            ["Models:Providers:local:ContextTokens"] = window.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Models:Roles:Default:0"] = "local:" + LocalModel,
            // … with the scripted server where Ollama would listen.
            ["Models:Providers:local:BaseUrl"] = models.BaseUrl.ToString(),
            ["Projects:TickPeriod"] = "00:00:01",
        };
        var cluster = await TestClusters.StartAsync(connectionString, settings: settings);
        try
        {
            var user = TestUsers.NewId();
            var ledger = cluster.GrainFactory.GetGrain<ICreditLedgerGrain>(user);
            await ledger.GrantAsync(new CreditGrant("local", 100m, GrantKind.Manual, null));

            var final = await RunSampleProjectAsync(cluster.GrainFactory, user);

            Assert.Equal(ProjectState.Completed, final.State);
            var usage = await Sql.RowsAsync(connectionString,
                "SELECT provider, model, charged_cost_usd, credits_charged, key_id FROM api_key_usage WHERE user_id = @u", ("u", user));
            Assert.True(usage.Count >= 10, $"{usage.Count} usage rows");
            Assert.All(usage, row =>
            {
                Assert.Equal(("local", LocalModel), ((string)row[0]!, (string)row[1]!));
                Assert.Equal(0m, (decimal)row[2]!);
                Assert.Equal(0m, (decimal)row[3]!);
                Assert.Null(row[4]);
            });
            Assert.Equal(100m, (await ledger.GetBalanceAsync()).Balance);
            Assert.Equal(0m, await Sql.ScalarAsync<decimal>(connectionString, "SELECT COALESCE(sum(credits_amount), 0) FROM credit_transactions WHERE user_id = @u AND kind = 'usage'", ("u", user)));
            Assert.Equal(0L, await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM credit_holds WHERE user_id = @u AND status = 'open'", ("u", user)));
            var price = await Sql.RowsAsync(connectionString,
                "SELECT input_usd_per_mtok, output_usd_per_mtok, context_tokens, source FROM model_pricing WHERE provider = 'local' AND model = @m AND is_current", ("m", LocalModel));
            Assert.Equal((0m, 0m, window), ((decimal)Assert.Single(price)[0]!, (decimal)price[0][1]!, (int)price[0][2]!));
            Assert.StartsWith("configuration: Models:Providers:local", (string)price[0][3]!, StringComparison.Ordinal);
            Assert.Equal(0L, await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM api_keys WHERE provider = 'local'"));

            // The server saw the local model's name, no pooled key, and never a prompt plus answer room beyond the window
            // (its own estimate: four characters a token; DevBot's is three, so its trimming errs on the safe side).
            var chats = recording.Requests.Where(r => r.Kind == ScriptedRequest.Chat).ToList();
            Assert.Equal(usage.Count, chats.Count);
            Assert.All(chats, r =>
            {
                Assert.Equal(LocalModel, r.Model);
                Assert.Equal("devbot-scripted-no-key", r.ApiKey);
                Assert.NotNull(r.MaxTokens);
                Assert.True(ScriptedModelServer.EstimateTokens(r.AllText) + r.MaxTokens <= window,
                    $"a request of ~{ScriptedModelServer.EstimateTokens(r.AllText)} tokens asked for {r.MaxTokens} more in a window of {window}");
            });
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task Request_OverTheContextWindow_IsWarnedTrimmedOfOldToolResultsAndPricedAtTheOperatorsCost()
    {
        var connectionString = await TestPostgres.CreateMigratedDatabaseAsync("localwin");
        var recording = new RecordingScript(new RuleScript());
        await using var models = await ScriptedModelServer.StartAsync(recording);
        var settings = new Dictionary<string, string>
        {
            ["Models:Providers:lab:Profile"] = "vllm",
            ["Models:Providers:lab:BaseUrl"] = models.BaseUrl.ToString(),
            ["Models:Providers:lab:ContextTokens"] = "2000",
            ["Models:Providers:lab:InputUsdPerMillionTokens"] = "0.5",
            ["Models:Providers:lab:OutputUsdPerMillionTokens"] = "2",
            ["Models:Providers:lab:ApiKey"] = "lab-token-0001",
            ["Models:Roles:Architect:0"] = "lab:coder",
            ["Models:Roles:Implementer:0"] = "lab:coder",
        };
        var cluster = await TestClusters.StartAsync(connectionString, settings: settings);
        try
        {
            var user = TestUsers.NewId();
            await cluster.GrainFactory.GetGrain<ICreditLedgerGrain>(user).GrantAsync(new CreditGrant("lab", 100m, GrantKind.Manual, null));
            var gateway = ((InProcessSiloHandle)cluster.Silos[0]).SiloHost.Services.GetRequiredService<ModelGateway>();
            var client = gateway.GetChatClient(new ModelRef("lab", "coder"));
            var oldResult = new string('x', 6000);
            var newResult = "def newest(): pass";
            var messages = new List<ChatMessage>
            {
                new(ChatRole.System, "SYSTEM RULES: answer with edits only."),
                new(ChatRole.User, "TASK: implement item 1.1."),
                new(ChatRole.Assistant, [new FunctionCallContent("c1", "search_code", new Dictionary<string, object?> { ["query"] = "old" })]),
                new(ChatRole.Tool, [new FunctionResultContent("c1", oldResult)]),
                new(ChatRole.Assistant, [new FunctionCallContent("c2", "search_code", new Dictionary<string, object?> { ["query"] = "new" })]),
                new(ChatRole.Tool, [new FunctionResultContent("c2", newResult)]),
            };
            var before = LogCapture.Entries.Count(e => e.EventId.Id == 9120);

            var response = await client.GetResponseAsync(messages, new ModelCall(user, null, "lab-" + Guid.NewGuid().ToString("N"), "test").Apply());

            Assert.NotEmpty(response.Text);
            var sent = Assert.Single(recording.Requests);
            Assert.Contains("SYSTEM RULES", sent.AllText, StringComparison.Ordinal);
            Assert.Contains("TASK: implement item 1.1.", sent.AllText, StringComparison.Ordinal);
            Assert.Contains(newResult, sent.AllText, StringComparison.Ordinal);
            Assert.DoesNotContain(oldResult, sent.AllText, StringComparison.Ordinal);
            Assert.Contains(ContextTrimmer.LeftOutNote, sent.AllText, StringComparison.Ordinal);
            Assert.True(ScriptedModelServer.EstimateTokens(sent.AllText) + sent.MaxTokens <= 2000, $"max_tokens {sent.MaxTokens}");
            Assert.Equal("lab-token-0001", sent.ApiKey);
            Assert.True(LogCapture.Entries.Count(e => e.EventId.Id == 9120) > before, "no PromptOverContextWindow warning");
            Assert.DoesNotContain(LogCapture.Entries, e => e.Text.Contains("lab-token-0001", StringComparison.Ordinal));

            // Charged at the operator's own cost per million tokens.
            var row = Assert.Single(await Sql.RowsAsync(connectionString,
                "SELECT input_tokens, output_tokens, charged_cost_usd FROM api_key_usage WHERE user_id = @u", ("u", user)));
            var expected = CreditMath.RoundUp(((int)row[0]! * 0.5m + (int)row[1]! * 2m) / 1_000_000m, CreditMath.UsdScale);
            Assert.Equal(expected, (decimal)row[2]!);
            Assert.True(expected > 0);

            // Instructions alone beyond the window: refused before sending, nothing charged.
            var huge = new List<ChatMessage> { new(ChatRole.System, new string('r', 9000)), new(ChatRole.User, "TASK") };
            await Assert.ThrowsAsync<ModelRequestRejectedException>(() =>
                client.GetResponseAsync(huge, new ModelCall(user, null, "lab-" + Guid.NewGuid().ToString("N"), "test").Apply()));
            Assert.Single(recording.Requests);
            Assert.Equal(1L, await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM api_key_usage WHERE user_id = @u", ("u", user)));
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    [Fact]
    public void Options_LocalProfiles_GiveBaseUrlNoKeyPoolAndAreValidated()
    {
        var options = new ModelGatewayOptions();
        options.Providers["local"] = new ProviderOptions { Profile = "llama.cpp" };
        options.Providers["studio"] = new ProviderOptions { Profile = "LM-Studio", ContextTokens = 32768 };
        options.Roles[ModelGatewayOptions.DefaultRole] = ["local:qwen2.5-coder:7b"];
        options.Roles["Implementer"] = ["studio:qwen/qwen3-coder-30b"];

        Assert.Equal(new Uri("http://localhost:8080/v1/"), options.Providers["local"].EffectiveBaseUrl);
        Assert.False(options.Providers["local"].KeyPool);
        Assert.True(options.Providers["google"].KeyPool);
        Assert.Equal((0m, 0m), options.Providers["local"].ConfiguredPrice("local") is { } p ? (p.Input, p.Output) : default);
        Assert.Null(options.Providers["google"].ConfiguredPrice("google"));
        Assert.Equal(new ModelRef("local", "qwen2.5-coder:7b"), Assert.Single(options.ModelsFor(ModelRole.Architect)));
        Assert.Equal(new ModelRef("studio", "qwen/qwen3-coder-30b"), Assert.Single(options.ModelsFor(ModelRole.Implementer)));
        Assert.Equal("google", options.ModelsFor(ModelRole.Embedding)[0].Provider);
        Assert.Equal(4096, options.ContextTokensFor(ModelRole.Architect));
        Assert.Equal(32768, options.ContextTokensFor(ModelRole.Implementer));
        Assert.Empty(Validate(options));

        options.Providers["bad"] = new ProviderOptions { Profile = "kobold", ContextTokens = 10 };
        options.Roles["Reviewer"] = ["local:x"];
        var errors = Validate(options);
        Assert.Contains(errors, e => e.Contains("Profile 'kobold' is not one of ollama, llamacpp, vllm, lmstudio", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Models:Providers:bad needs a BaseUrl", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Models:Providers:bad: The field ContextTokens", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Models:Roles:Reviewer is not a role", StringComparison.Ordinal));
    }

    private static List<string> Validate(ModelGatewayOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage ?? string.Empty).ToList();
    }

    private static async Task<ProjectStatus> RunSampleProjectAsync(IGrainFactory grains, long user)
    {
        var project = grains.GetGrain<IProjectGrain>(Guid.NewGuid());
        Assert.True((await project.CreateAsync(user, "I want a small tool to keep short notes from the command line.")).Accepted);
        await Eventually.ReturnsAsync(project.GetStatusAsync, s => s.OpenQuestions.Count > 0, TimeSpan.FromSeconds(60), "questions");
        Assert.True((await project.AnswerAsync(user, "Command line. Yes, search and delete. A local JSON file.")).Accepted);
        await Eventually.ReturnsAsync(project.GetStatusAsync, s => s.State == ProjectState.ConfirmingScope, TimeSpan.FromSeconds(60), "the scope");
        Assert.True((await project.ConfirmScopeAsync(user, true, null)).Accepted);
        await Eventually.ReturnsAsync(project.GetStatusAsync, s => s.State == ProjectState.AwaitingStart, TimeSpan.FromSeconds(60), "the estimate");
        Assert.True((await project.StartDevelopmentAsync(user)).Accepted);
        return await Eventually.ReturnsAsync(project.GetStatusAsync,
            s => s.State is ProjectState.Completed or ProjectState.Failed or ProjectState.Paused or ProjectState.Cancelled, TimeSpan.FromSeconds(180), "the end");
    }
}
