using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using DevBot.ScriptedModels;
using DevBot.Tests.Infrastructure;
using DevBot.Tests.Silo;
using Xunit.Abstractions;

namespace DevBot.Tests.Pipeline;

/// <summary>
/// The three stacks of the demo, each from idea to ZIP along <c>./devbot run</c>'s own path: the built silo with
/// <c>--chat</c>, embedded PostgreSQL, no model keys (so the scripted demo picks the sample by the idea), the
/// console chat on piped lines, and the real sandbox: dependencies installed through the registry proxy, a check
/// after every item (one fails first and is fixed on the retry), the tests passing with no network.
/// </summary>
[Collection(nameof(StackJourneyTests))]
[CollectionDefinition(nameof(StackJourneyTests), DisableParallelization = true)]
public sealed class StackJourneyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task NodeApi_WithNpmDependencies_IsDeliveredWithItsTestsPassing()
    {
        var (transcript, log, zip, commits) = await RunAsync("I need a REST API in Node.js with Express to save and list my bookmarks.", "bookmarks-api.zip");

        Assert.Contains("builds its sample Node.js bookmarks API", transcript, StringComparison.Ordinal);
        Assert.Contains("tests pass). Final cost", transcript, StringComparison.Ordinal);
        AssertChecks(commits, NodeApiScenario.ItemIds, NodeApiScenario.CheckFailsFirstItem, "npm test");
        Assert.Matches("reached [^;]*registry\\.npmjs\\.org:443", log);
        Assert.Contains("bookmarks-api/package.json", zip);
        Assert.Contains("bookmarks-api/src/app.js", zip);
        Assert.DoesNotContain(zip, e => e.Contains("node_modules/", StringComparison.Ordinal));
        AssertEstimateHolds("node", transcript);
    }

    [Fact]
    public async Task DotNetMinimalApi_WithNuGetPackagesAndXunit_IsDeliveredWithItsTestsPassing()
    {
        var (transcript, log, zip, commits) = await RunAsync("A web API in C# with ASP.NET Core minimal APIs for my to-do list.", "todo-api.zip");

        Assert.Contains("builds its sample C# to-do API", transcript, StringComparison.Ordinal);
        Assert.Contains("tests pass). Final cost", transcript, StringComparison.Ordinal);
        AssertChecks(commits, DotNetApiScenario.ItemIds, DotNetApiScenario.CheckFailsFirstItem, "dotnet test");
        Assert.Matches("reached [^;]*api\\.nuget\\.org:443", log);
        Assert.Contains("todo-api/src/TodoApi/TodoApi.csproj", zip);
        Assert.DoesNotContain(zip, e => e.Contains("/bin/", StringComparison.Ordinal) || e.Contains("/obj/", StringComparison.Ordinal));
        AssertEstimateHolds("dotnet", transcript);
    }

    [Fact]
    public async Task PythonCli_IsDeliveredWithItsTestsPassing()
    {
        var (transcript, _, zip, commits) = await RunAsync("A small tool to keep short notes from the command line.", "notes-cli.zip");

        Assert.Contains("builds its sample Python notes command-line tool", transcript, StringComparison.Ordinal);
        Assert.Contains("tests pass). Final cost", transcript, StringComparison.Ordinal);
        Assert.Contains(commits, c => c.StartsWith("TODO 1.3:", StringComparison.Ordinal) && c.Contains("Check: passed (`python3 -m unittest`, try 1)", StringComparison.Ordinal));
        Assert.All(commits.Where(c => c.StartsWith("TODO ", StringComparison.Ordinal)), c => Assert.Contains("Check: passed (", c, StringComparison.Ordinal));
        Assert.Contains("notes-cli/tests/test_store.py", zip);
        AssertEstimateHolds("python", transcript);
    }

    /// <summary>
    /// The estimate shown before development is calibrated: the final cost lands within ±50% of it (the figures are
    /// printed as a RESULT line for the record).
    /// </summary>
    private void AssertEstimateHolds(string scenario, string transcript)
    {
        var estimate = decimal.Parse(Regex.Match(transcript, @"Estimated cost: (\d+\.\d\d) credits").Groups[1].Value, CultureInfo.InvariantCulture);
        var cost = decimal.Parse(Regex.Match(transcript, @"Final cost: (\d+\.\d\d) credits").Groups[1].Value, CultureInfo.InvariantCulture);
        var ratio = Math.Round(cost / estimate, 3);
        var line = string.Create(CultureInfo.InvariantCulture, $"RESULT estimate scenario={scenario} estimate={estimate} cost={cost} ratio={ratio}");
        output.WriteLine(line);
        Assert.True(ratio is >= 0.5m and <= 1.5m, line);
    }

    /// <summary>Every item's commit records its check: passed on the first try, except the one scripted to fail first, on the second.</summary>
    private static void AssertChecks(IReadOnlyList<string> commits, IReadOnlyList<string> items, string failsFirst, string command)
    {
        foreach (var item in items)
        {
            var commit = Assert.Single(commits, c => c.StartsWith($"TODO {item}:", StringComparison.Ordinal));
            Assert.Contains($"Check: passed (`{command}`, try {(item == failsFirst ? 2 : 1)})", commit, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Runs the silo with the console chat on piped lines until it exits after the delivery; returns the chat, the
    /// silo's log, the ZIP's entries and the delivered history's commit messages (newest first).
    /// </summary>
    private async Task<(string Transcript, string Log, IReadOnlyList<string> Zip, IReadOnlyList<string> Commits)> RunAsync(string idea, string package)
    {
        await using var silo = SiloProcess.Start(null,
            "--CodeIndex:Embedder=local",
            // Caches of this run alone: a warm cache is served without the registry (npm prefers it), and each test
            // proves the install went through the proxy.
            "--Stacks:CacheRoot=caches",
            "--Stacks:DependencyRoot=dependencies");
        foreach (var line in new[] { "/start", idea, "1", "Only me, on Linux. Keep it simple.", "Confirm scope", "1" })
        {
            await silo.Input.WriteLineAsync(line);
        }

        silo.Input.Close();
        var exited = await silo.WaitForExitAsync(TimeSpan.FromMinutes(8));
        output.WriteLine(silo.Output);
        var log = silo.ReadLog();
        Assert.True(exited, "the chat did not end after the delivery:\n" + silo.Output + "\n" + log);
        Assert.True(silo.ExitCode == 0, $"exit {silo.ExitCode}\n{silo.Output}\n{log}");
        var path = Path.Combine(silo.WorkingDirectory, "downloads", package);
        Assert.True(File.Exists(path), silo.Output);
        var unpacked = Path.Combine(silo.WorkingDirectory, "unpacked");
        ZipFile.ExtractToDirectory(path, unpacked);
        await DevBot.Workspace.Git.GitCli.RunCheckedAsync(unpacked, ["clone", "--quiet", Directory.EnumerateFiles(unpacked, "*.bundle").Single(), "clone"]);
        var (_, history) = await DevBot.Workspace.Git.GitCli.RunAsync(Path.Combine(unpacked, "clone"), ["log", "--format=%B%x00"]);
        using var archive = ZipFile.OpenRead(path);
        return (silo.Output, log, archive.Entries.Select(e => e.FullName).ToList(),
            history.Split('\0', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList());
    }
}
