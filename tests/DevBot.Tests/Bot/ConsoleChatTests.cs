using System.IO.Compression;
using DevBot.Bot.Console;
using DevBot.Bot.Hosting;
using DevBot.ClusterClient;
using DevBot.Silo.Hosting;
using DevBot.Tests.Infrastructure;
using DevBot.Tests.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DevBot.Tests.Bot;

/// <summary>The console chat: the same handlers over piped lines, packages saved to a folder.</summary>
public sealed class ConsoleChatTests
{
    [Fact]
    public async Task PipedConversation_ReachesADeliveredZipInTheDownloadsFolder_AndStops()
    {
        await using var pipeline = await PipelineCluster.StartAsync("console");
        var downloads = Path.Combine(Path.GetTempPath(), "devbot-console-" + Guid.NewGuid().ToString("N")[..8]);
        var input = new StringReader(string.Join('\n',
            "/start",
            "A small tool to keep short notes from the command line.",
            "1",
            "Yes, search and delete. A local JSON file.",
            "9",
            "Confirm scope",
            "1"));
        var output = new StringWriter();
        var settings = new Dictionary<string, string?>
        {
            ["Bot:Mode"] = "Console",
            ["Bot:Downloads"] = downloads,
            ["Bot:ConsoleUserId"] = (-1_000_000L - Random.Shared.Next(1_000_000)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Bot:CatchUpInterval"] = "00:00:01",
            ["Bot:ProgressEditInterval"] = "00:00:00.200",
        };
        try
        {
            await using var bot = await BotHarness.StartAsync(pipeline.Cluster.Client, settings, new ConsoleStreams(input, TextWriter.Synchronized(output), Paced: true));

            // The chat stops the application itself once the input has ended and the project is delivered.
            var lifetime = (IHostApplicationLifetime)bot.Host.Services.GetService(typeof(IHostApplicationLifetime))!;
            var stopped = new TaskCompletionSource();
            lifetime.ApplicationStopping.Register(() => stopped.TrySetResult());
            await stopped.Task.WaitAsync(TimeSpan.FromSeconds(120));

            var transcript = output.ToString();
            Assert.Contains("you> 1", transcript, StringComparison.Ordinal);
            Assert.Contains("[1] Command line", transcript, StringComparison.Ordinal);
            Assert.Contains("Proposed scope", transcript, StringComparison.Ordinal);
            // "9" at the scope prompt (two buttons) is refused, not taken as a (billed) correction of the scope.
            Assert.Contains("There is no button 9: type a number from 1 to 2", transcript, StringComparison.Ordinal);
            Assert.DoesNotContain("revising the scope", transcript, StringComparison.Ordinal);
            Assert.Contains("Final cost", transcript, StringComparison.Ordinal);
            // Piped lines were paced: none was refused by the per-user message limit.
            Assert.DoesNotContain("faster than I can read", transcript, StringComparison.Ordinal);
            Assert.Contains("Input ended. Bye.", transcript, StringComparison.Ordinal);
            var zip = Path.Combine(downloads, "notes-cli.zip");
            Assert.True(File.Exists(zip), transcript);
            using var archive = ZipFile.OpenRead(zip);
            Assert.NotNull(archive.GetEntry("notes-cli/README.md"));
            Assert.NotNull(archive.GetEntry("notes-cli/tests/test_store.py"));
        }
        finally
        {
            if (Directory.Exists(downloads))
            {
                Directory.Delete(downloads, recursive: true);
            }
        }
    }

    [Fact]
    public async Task SiloRestartedMidConversation_ChatReconnects_AndReachesTheDeliveredZip()
    {
        // The bot process as production runs it beside a silo: an Orleans client finding the cluster through the
        // membership table (DATABASE_URL), and silos that are real hosts (DevBotSiloApp) on one database.
        var connectionString = await TestPostgres.CreateEmptyDatabaseAsync("reconnect");
        var cluster = "rc-" + Guid.NewGuid().ToString("N")[..8];
        var scratch = Path.Combine(Path.GetTempPath(), "devbot-reconnect-" + Guid.NewGuid().ToString("N")[..8]);
        var downloads = Path.Combine(scratch, "dl");
        var input = new GatedLines(
        [
            "/start",
            "A small tool to keep short notes from the command line.",
            "1",
            "Yes, search and delete. A local JSON file.",
            "Confirm scope",
            "1",
        ], gateBefore: 2);
        var output = new StringWriter();
        var synchronizedOutput = TextWriter.Synchronized(output);
        var first = await DevBotSiloApp.StartAsync(SiloArgs(connectionString, cluster, scratch));
        DevBotSiloApp? second = null;
        IHost? bot = null;
        try
        {
            bot = await StartBotClientAsync(connectionString, cluster, downloads, new ConsoleStreams(input, synchronizedOutput, Paced: true));
            var lifetime = bot.Services.GetRequiredService<IHostApplicationLifetime>();
            var stopped = new TaskCompletionSource();
            lifetime.ApplicationStopping.Register(() => stopped.TrySetResult());

            // The Architect's questions are on screen and the user is about to answer: the silo goes away.
            await input.ReachedGate.WaitAsync(TimeSpan.FromSeconds(120));
            Assert.Contains("[1] Command line", output.ToString(), StringComparison.Ordinal);
            await first.DisposeAsync();

            // The user answers while no silo runs: the chat says it is reconnecting instead of failing or exiting.
            input.Open();
            await Eventually.ReturnsAsync(() => Task.FromResult(output.ToString()), t => t.Contains("reconnecting", StringComparison.Ordinal),
                TimeSpan.FromSeconds(60), "the chat to say it is reconnecting");
            Assert.False(stopped.Task.IsCompleted, output.ToString());

            second = await DevBotSiloApp.StartAsync(SiloArgs(connectionString, cluster, scratch));
            await stopped.Task.WaitAsync(TimeSpan.FromSeconds(240));

            var transcript = output.ToString();
            Assert.Contains("Reconnected.", transcript, StringComparison.Ordinal);
            Assert.DoesNotContain("Something went wrong", transcript, StringComparison.Ordinal);
            Assert.Contains("Proposed scope", transcript, StringComparison.Ordinal);
            Assert.Contains("Final cost", transcript, StringComparison.Ordinal);
            Assert.Contains("Input ended. Bye.", transcript, StringComparison.Ordinal);
            var zip = Path.Combine(downloads, "notes-cli.zip");
            Assert.True(File.Exists(zip), transcript);
            using var archive = ZipFile.OpenRead(zip);
            Assert.NotNull(archive.GetEntry("notes-cli/README.md"));
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
            input.Dispose();
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
    }

    [Fact]
    public async Task TwoDeliveriesWithTheSameName_KeepBothFiles()
    {
        var downloads = Path.Combine(Path.GetTempPath(), "devbot-console-dl-" + Guid.NewGuid().ToString("N")[..8]);
        var output = new StringWriter();
        var sender = new ConsoleChatSender(new ConsoleButtons(), Microsoft.Extensions.Options.Options.Create(new DevBot.Bot.Options.BotOptions { Downloads = downloads }), output);
        try
        {
            await sender.SendDocumentAsync(-1, "notes-cli.zip", [1, 2, 3], "first");
            await sender.SendDocumentAsync(-1, "notes-cli.zip", [4, 5], "second");
            await sender.SendDocumentAsync(-1, "../notes-cli.zip", [6], "third");

            Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(Path.Combine(downloads, "notes-cli.zip")));
            Assert.Equal([4, 5], await File.ReadAllBytesAsync(Path.Combine(downloads, "notes-cli-2.zip")));
            Assert.Equal([6], await File.ReadAllBytesAsync(Path.Combine(downloads, "notes-cli-3.zip")));
            Assert.Equal(3, Directory.GetFiles(downloads).Length);
        }
        finally
        {
            if (Directory.Exists(downloads))
            {
                Directory.Delete(downloads, recursive: true);
            }
        }
    }

    private static async Task<IHost> StartBotClientAsync(string connectionString, string cluster, string downloads, ConsoleStreams console)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DATABASE_URL"] = connectionString,
            ["Orleans:ClusterId"] = cluster,
            ["Orleans:ServiceId"] = cluster,
            ["Bot:Mode"] = "Console",
            ["Bot:Downloads"] = downloads,
            ["Bot:ConsoleUserId"] = (-2_000_000L - Random.Shared.Next(1_000_000)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Bot:CatchUpInterval"] = "00:00:01",
            ["Bot:ProgressEditInterval"] = "00:00:00.200",
        });
        builder.Logging.AddProvider(LogCapture.Instance).SetMinimumLevel(LogLevel.Debug);
        builder.UseOrleansClient(client => client.AddDevBotCluster(builder.Configuration));
        builder.Services.AddDevBotChat(builder.Configuration, console);
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
