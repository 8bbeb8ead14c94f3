using System.IO.Compression;
using DevBot.Bot.Console;
using DevBot.Tests.Pipeline;
using Microsoft.Extensions.Hosting;

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
            Assert.Contains("[1] 1: Command line", transcript, StringComparison.Ordinal);
            Assert.Contains("Proposed scope", transcript, StringComparison.Ordinal);
            Assert.Contains("Final cost", transcript, StringComparison.Ordinal);
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
}
