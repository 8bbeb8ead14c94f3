using System.Net;
using System.Net.Http.Json;
using DevBot.Bot.Handling;
using DevBot.Bot.Hosting;
using DevBot.Bot.Telegram;
using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Keys;
using DevBot.GrainInterfaces.Projects;
using DevBot.GrainInterfaces.Users;
using DevBot.Tests.Infrastructure;
using DevBot.Tests.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DevBot.Tests.Bot;

/// <summary>What the bot refuses, and what it does exactly once: operators, other users' projects, payments, webhooks, sizes.</summary>
public sealed class BotGuardTests
{
    [Fact]
    public async Task Keys_FromAnyoneButAnOperator_IsAnUnknownCommand_AndOperatorsSeeOnlyMaskedKeys()
    {
        await using var bed = await BotTestBed.StartAsync("botkeys", encryptionKey: true);
        var (pipeline, api) = (bed.Pipeline, bed.Api);
        var secret = "sk-or-v1-" + Guid.NewGuid().ToString("N");
        await pipeline.Grains.GetGrain<IApiKeyPoolGrain>("openrouter").AddAsync(new ApiKeySecret(secret), "main", null);
        var stranger = TestUsers.NewId();

        api.SendText(stranger, "/keys");
        api.SendText(stranger, "/nonsense");
        var replies = await WaitForRepliesAsync(api, stranger, 2);
        Assert.All(replies, r => Assert.Equal(CommandHandler.UnknownCommand, r.Text));

        api.SendText(BotHarness.Operator, "/keys");
        var keys = await api.WaitForAsync(c => c.ChatId == BotHarness.Operator && c.Text.Contains("API-key pools", StringComparison.Ordinal), "listed the keys");
        Assert.Contains("…" + secret[^4..], keys.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(secret[..20], keys.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(api.Calls, c => c.Text.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnotherUsersProject_ButtonsAndDownloads_AreRefusedAndChangeNothing()
    {
        await using var bed = await BotTestBed.StartAsync("botowner");
        var (pipeline, api) = (bed.Pipeline, bed.Api);
        var owner = TestUsers.NewId();
        var intruder = TestUsers.NewId();
        var estimate = await BotJourneyTests.ReachEstimateAsync(api, owner);
        var projectId = (await pipeline.Grains.GetGrain<IUserGrain>(owner).GetSummaryAsync()).ActiveProjectId!.Value;

        // The intruder replays the owner's buttons with the owner's project id in them.
        foreach (var data in new[] { estimate.Button("Start development"), estimate.Button("Cancel"), CallbackData.For(CallbackData.Download, projectId), CallbackData.For(CallbackData.Stop, projectId) })
        {
            api.Press(intruder, data);
        }

        var refusals = await WaitForAsync(() => api.Calls.Where(c => c.Method == "answercallbackquery" && c.Fields.GetValueOrDefault("text") == "I can't find that project.").ToList(),
            r => r.Count == 4, "four refusals");
        Assert.Equal(4, refusals.Count);
        Assert.DoesNotContain(api.To(intruder), c => c.Method == "senddocument");
        var status = await pipeline.Grains.GetGrain<IProjectGrain>(projectId).GetStatusAsync();
        Assert.Equal(ProjectState.AwaitingStart, status.State);
        Assert.Empty(await pipeline.Grains.GetGrain<IUserGrain>(intruder).GetProjectsAsync());
    }

    [Fact]
    public async Task StarsPayment_DeliveredTwice_CreditsOnce_AndAnOperatorCanRefundIt()
    {
        await using var bed = await BotTestBed.StartAsync("botpay");
        var (pipeline, api) = (bed.Pipeline, bed.Api);
        var user = TestUsers.NewId();
        api.SendText(user, "/start");
        await api.WaitForAsync(c => c.ChatId == user && c.Text.Contains("free credits", StringComparison.Ordinal), "welcomed the user");
        var ledger = pipeline.Grains.GetGrain<ICreditLedgerGrain>(user);
        var before = (await ledger.GetBalanceAsync()).Balance;

        api.SendText(user, "/credits");
        var offers = await api.WaitForAsync(c => c.ChatId == user && c.Text.Contains("Buy credits", StringComparison.Ordinal), "offered credits");
        api.Press(user, offers.Button("500 credits"));
        var invoice = await api.WaitForAsync(c => c.ChatId == user && c.Method == "sendinvoice", "sent an invoice");
        Assert.Equal("XTR", invoice.Fields["currency"]);
        Assert.Equal(string.Empty, invoice.Fields.GetValueOrDefault("provider_token", string.Empty));
        var payload = invoice.Fields["payload"];

        api.PreCheckout(user, payload, 389, queryId: "wrong-amount");
        api.PreCheckout(user, payload, 390, queryId: "right-amount");
        var wrong = await api.WaitForAsync(c => c.Method == "answerprecheckoutquery" && c.Fields["pre_checkout_query_id"] == "wrong-amount", "answered the bad pre-checkout");
        var right = await api.WaitForAsync(c => c.Method == "answerprecheckoutquery" && c.Fields["pre_checkout_query_id"] == "right-amount", "answered the pre-checkout");
        Assert.Equal("false", wrong.Fields["ok"]);
        Assert.Equal("true", right.Fields["ok"]);

        var charge = "tg-charge-" + Guid.NewGuid().ToString("N");
        api.Pay(user, payload, 390, charge);
        var second = api.Pay(user, payload, 390, charge);
        await api.WaitConsumedAsync(second);

        Assert.Equal(before + 500m, (await ledger.GetBalanceAsync()).Balance);
        Assert.Single(api.To(user), c => c.Text.Contains("500 credits added", StringComparison.Ordinal));
        Assert.Equal(1L, await Sql.ScalarAsync<long>(pipeline.ConnectionString,
            "SELECT count(*) FROM credit_transactions WHERE user_id = @u AND kind = 'purchase'", ("u", user)));

        api.SendText(BotHarness.Operator, $"/refund {user} {charge}");
        await api.WaitForAsync(c => c.Method == "refundstarpayment" && c.Fields["telegram_payment_charge_id"] == charge, "refunded the Stars");
        await api.WaitForAsync(c => c.ChatId == BotHarness.Operator && c.Text.StartsWith("Refunded", StringComparison.Ordinal), "confirmed the refund");
        var after = await ledger.GetBalanceAsync();
        Assert.Equal(before, after.Balance);
        Assert.Equal(after.Balance, await Sql.ScalarAsync<decimal>(pipeline.ConnectionString, "SELECT sum(credits_amount) FROM credit_transactions WHERE user_id = @u", ("u", user)));
    }

    [Fact]
    public async Task OversizedMessage_IsRefusedWithTheLimit_AndStartsNothing()
    {
        await using var bed = await BotTestBed.StartAsync("botsize");
        var (pipeline, api) = (bed.Pipeline, bed.Api);
        var user = TestUsers.NewId();

        api.SendText(user, new string('x', 10_000));

        var reply = await api.WaitForAsync(c => c.ChatId == user && c.Method == "sendmessage", "answered the long message");
        Assert.Contains("10000 characters", reply.Text, StringComparison.Ordinal);
        Assert.Contains("4000", reply.Text, StringComparison.Ordinal);
        Assert.Empty(await pipeline.Grains.GetGrain<IUserGrain>(user).GetProjectsAsync());
    }

    [Fact]
    public async Task Webhook_WithoutTheSecret_Gets401_AndChangesNothing()
    {
        await using var pipeline = await PipelineCluster.StartAsync("bothook");
        await using var api = await FakeBotApi.StartAsync();
        var settings = BotHarness.TelegramSettings(api);
        settings["Bot:WebhookUrl"] = "https://bot.example.test/telegram/webhook";
        settings["TELEGRAM_WEBHOOK_SECRET"] = "s3cret-" + Guid.NewGuid().ToString("N");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders().AddProvider(LogCapture.Instance);
        builder.Services.AddSingleton<IGrainFactory>(pipeline.Cluster.Client);
        builder.Services.AddDevBotChat(builder.Configuration);
        await using var app = builder.Build();
        app.MapDevBotTelegramWebhook();
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        var registered = await api.WaitForAsync(c => c.Method == "setwebhook", "registered its webhook");
        Assert.Equal(settings["TELEGRAM_WEBHOOK_SECRET"], registered.Fields["secret_token"]);
        var user = TestUsers.NewId();
        var update = $$$"""{"update_id": 1, "message": {"message_id": 1, "date": 1700000000, "chat": {"id": {{{user}}}, "type": "private"}, "from": {"id": {{{user}}}, "is_bot": false, "first_name": "Eve"}, "text": "/start"}}""";

        var forged = await http.PostAsync("/telegram/webhook", new StringContent(update, System.Text.Encoding.UTF8, "application/json"));
        using var wrongSecret = new HttpRequestMessage(HttpMethod.Post, "/telegram/webhook") { Content = new StringContent(update, System.Text.Encoding.UTF8, "application/json") };
        wrongSecret.Headers.Add(TelegramWebhook.SecretHeader, "guess");
        var guessed = await http.SendAsync(wrongSecret);

        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, guessed.StatusCode);
        Assert.Equal(0L, await Sql.ScalarAsync<long>(pipeline.ConnectionString, "SELECT count(*) FROM users WHERE user_id = @u", ("u", user)));
        Assert.DoesNotContain(api.Calls, c => c.ChatId == user);

        // The same update with Telegram's secret is handled.
        using var genuine = new HttpRequestMessage(HttpMethod.Post, "/telegram/webhook") { Content = new StringContent(update, System.Text.Encoding.UTF8, "application/json") };
        genuine.Headers.Add(TelegramWebhook.SecretHeader, settings["TELEGRAM_WEBHOOK_SECRET"]);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(genuine)).StatusCode);
        await api.WaitForAsync(c => c.ChatId == user && c.Text.Contains("free credits", StringComparison.Ordinal), "welcomed the genuine update's user");
        await app.StopAsync();
    }

    private static Task<List<BotCall>> WaitForRepliesAsync(FakeBotApi api, long user, int count) =>
        WaitForAsync(() => api.To(user).Where(c => c.Method == "sendmessage").ToList(), r => r.Count >= count, $"{count} replies");

    private static async Task<T> WaitForAsync<T>(Func<T> read, Func<T, bool> done, string what) =>
        await Eventually.ReturnsAsync(() => Task.FromResult(read()), done, TimeSpan.FromSeconds(30), what);
}
