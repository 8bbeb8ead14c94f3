using DevBot.Bot.Console;
using DevBot.Bot.Hosting;
using DevBot.Tests.Infrastructure;
using DevBot.Tests.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DevBot.Tests.Bot;

/// <summary>The bot as it runs in production (its own host, the chat services) on a test cluster's client.</summary>
public sealed class BotHarness : IAsyncDisposable
{
    public const long Operator = 999;

    private BotHarness(IHost host) => Host = host;

    public IHost Host { get; }

    public static Dictionary<string, string?> TelegramSettings(FakeBotApi api) => new()
    {
        ["Bot:Mode"] = "Telegram",
        ["TELEGRAM_BOT_TOKEN"] = FakeBotApi.Token,
        ["Bot:ApiBaseUrl"] = api.BaseUrl,
        ["Bot:PollTimeout"] = "00:00:01",
        ["Bot:LeaseDuration"] = "00:00:04",
        ["Bot:CatchUpInterval"] = "00:00:01",
        ["Bot:ProgressEditInterval"] = "00:00:00.200",
        ["Bot:TypingInterval"] = "00:00:00.250",
        ["Bot:PerChatInterval"] = "00:00:00",
        ["Bot:GlobalMessagesPerSecond"] = "1000",
        ["Bot:OperatorIds:0"] = Operator.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static async Task<BotHarness> StartAsync(IClusterClient client, IDictionary<string, string?> settings, ConsoleStreams? console = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddProvider(LogCapture.Instance).SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddSingleton<IGrainFactory>(client);
        builder.Services.AddSingleton(client);
        builder.Services.AddDevBotChat(builder.Configuration, console);
        var host = builder.Build();
        await host.StartAsync();
        return new BotHarness(host);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
    }
}

/// <summary>A pipeline cluster on the scripted models, a fake Bot API server and the bot between them.</summary>
public sealed class BotTestBed : IAsyncDisposable
{
    private BotTestBed(PipelineCluster pipeline, FakeBotApi api, BotHarness bot)
    {
        Pipeline = pipeline;
        Api = api;
        Bot = bot;
    }

    public PipelineCluster Pipeline { get; }

    public FakeBotApi Api { get; }

    public BotHarness Bot { get; }

    public static async Task<BotTestBed> StartAsync(string purpose, bool encryptionKey = false)
    {
        var pipeline = await PipelineCluster.StartAsync(purpose, encryptionKey: encryptionKey);
        var api = await FakeBotApi.StartAsync();
        return new BotTestBed(pipeline, api, await BotHarness.StartAsync(pipeline.Cluster.Client, BotHarness.TelegramSettings(api)));
    }

    public async ValueTask DisposeAsync()
    {
        await Bot.DisposeAsync();
        await Api.DisposeAsync();
        await Pipeline.DisposeAsync();
    }
}
