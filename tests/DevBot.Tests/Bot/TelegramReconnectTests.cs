using DevBot.Bot.Hosting;
using DevBot.ClusterClient;
using DevBot.Silo.Hosting;
using DevBot.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DevBot.Tests.Bot;

/// <summary>The Telegram bot process, an Orleans client of its own, while the cluster's only silo is replaced.</summary>
public sealed class TelegramReconnectTests
{
    [Fact]
    public async Task SiloReplaced_BotKeepsPolling_AndAnswersOnceTheNewSiloIsUp()
    {
        var connectionString = await TestPostgres.CreateEmptyDatabaseAsync("tgreconnect");
        var cluster = "tg-" + Guid.NewGuid().ToString("N")[..8];
        var scratch = Path.Combine(Path.GetTempPath(), "devbot-tgreconnect-" + Guid.NewGuid().ToString("N")[..8]);
        var user = TestUsers.NewId();
        await using var api = await FakeBotApi.StartAsync();
        var first = await DevBotSiloApp.StartAsync(SiloArgs(connectionString, cluster, scratch));
        DevBotSiloApp? second = null;
        IHost? bot = null;
        try
        {
            bot = await StartBotClientAsync(connectionString, cluster, api);
            var stopping = bot.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            api.SendText(user, "/start");
            await api.WaitForAsync(c => c.ChatId == user && c.Text.Contains("Welcome", StringComparison.Ordinal), "welcomed the user");

            await first.DisposeAsync();
            // While no silo runs, the bot keeps polling Telegram; an update that came meanwhile is not answered with
            // an apology but kept, and answered once a silo is back (however many tries that takes).
            var before = api.To(user).Count;
            var during = api.SendText(user, "/status");
            await Task.Delay(TimeSpan.FromSeconds(15));
            Assert.False(stopping.IsCancellationRequested);
            Assert.Empty(api.To(user).Skip(before));

            second = await DevBotSiloApp.StartAsync(SiloArgs(connectionString, cluster, scratch));
            var answered = await api.WaitForAsync(c => c.ChatId == user && c.Text.Contains("No project yet", StringComparison.Ordinal),
                "answered the update that came while no silo ran", TimeSpan.FromSeconds(120));
            await api.WaitConsumedAsync(during, TimeSpan.FromSeconds(30));

            Assert.DoesNotContain(api.To(user), c => c.Text.Contains("Something went wrong", StringComparison.Ordinal));
            Assert.DoesNotContain(LogCapture.Entries, e => e.Text.Contains("Dead letter", StringComparison.Ordinal) && e.Text.Contains(user.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
            Assert.NotNull(answered);
            Assert.False(stopping.IsCancellationRequested);
        }
        finally
        {
            if (bot is not null)
            {
                await bot.StopAsync();
                bot.Dispose();
            }

            if (second is not null)
            {
                await second.DisposeAsync();
            }

            await first.DisposeAsync();
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
    }

    private static async Task<IHost> StartBotClientAsync(string connectionString, string cluster, FakeBotApi api)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(BotHarness.TelegramSettings(api));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DATABASE_URL"] = connectionString,
            ["Orleans:ClusterId"] = cluster,
            ["Orleans:ServiceId"] = cluster,
        });
        builder.Logging.AddProvider(LogCapture.Instance).SetMinimumLevel(LogLevel.Debug);
        builder.UseOrleansClient(client => client.AddDevBotCluster(builder.Configuration));
        builder.Services.AddDevBotChat(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static string[] SiloArgs(string connectionString, string cluster, string scratch) =>
    [
        "--urls=http://127.0.0.1:0",
        $"--DATABASE_URL={connectionString}",
        $"--Orleans:ClusterId={cluster}",
        $"--Orleans:ServiceId={cluster}",
        $"--Orleans:SiloPort={FreePorts.Next()}",
        $"--Orleans:GatewayPort={FreePorts.Next()}",
        "--Orleans:AdvertisedIPAddress=127.0.0.1",
        $"--Workspace:Root={Path.Combine(scratch, "workspaces")}",
        "--Logging:LogLevel:Default=Warning",
    ];
}
