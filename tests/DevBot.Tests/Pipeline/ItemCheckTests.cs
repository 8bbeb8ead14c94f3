using System.Collections.Concurrent;
using System.IO.Compression;
using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Projects;
using DevBot.ScriptedModels;
using DevBot.Tests.Infrastructure;
using DevBot.Workspace.Git;

namespace DevBot.Tests.Pipeline;

/// <summary>The check after every item: a failure goes back to the Implementer with its output and is fixed within the item's tries.</summary>
public sealed class ItemCheckTests
{
    [Fact]
    public async Task FailingCheck_IsFedBackWithItsOutput_AndFixedOnTheNextTry()
    {
        var script = new BrokenFirstTry("1.2");
        await using var pipeline = await PipelineCluster.StartAsync("item-check", script: scenario => script.Around(scenario));
        var user = TestUsers.NewId();
        await pipeline.Grains.GetGrain<ICreditLedgerGrain>(user).GrantAsync(new CreditGrant("item-check", 500m, GrantKind.Manual, null));

        var projectId = await pipeline.StartProjectAsync(user);
        var final = await pipeline.WaitForAsync(projectId, s => s.State is ProjectState.Completed or ProjectState.Failed or ProjectState.Paused, TimeSpan.FromSeconds(180));

        Assert.True(final.State == ProjectState.Completed, $"{final.State}: {final.Activity}");
        var events = await pipeline.Grains.GetGrain<IProjectGrain>(projectId).GetEventsAsync(0, 500);
        var done = events.Select(e => e.News).OfType<ItemDone>().ToDictionary(d => d.ItemId);

        // Item 1.2's first answer did not compile: the check said so, the model saw the compiler's words, the second try passed.
        Assert.Equal(CheckStatus.Passed, done["1.2"].Check!.Status);
        Assert.Equal(2, done["1.2"].Check!.Tries);
        var feedback = Assert.Single(script.Feedback);
        Assert.Contains("SyntaxError", feedback, StringComparison.Ordinal);
        Assert.Contains("notes/store.py", feedback, StringComparison.Ordinal);
        Assert.Contains("compileall", feedback, StringComparison.Ordinal);

        // Every other item passed its check on the first try; the item's own backticked check ran where it named one.
        Assert.All(done.Values.Where(d => d.ItemId != "1.2"), d => Assert.Equal((CheckStatus.Passed, 1), (d.Check!.Status, d.Check.Tries)));
        Assert.Equal("python3 -c \"import notes\"", done["1.1"].Check!.Command);
        Assert.Equal("python3 -m unittest", done["1.3"].Check!.Command);
        Assert.Contains(events, e => DevBot.Bot.Handling.ProjectWording.News(e).Contains("check passed on try 2", StringComparison.Ordinal));
        Assert.True(Assert.IsType<Delivered>(events[^1].News).TestsPassed);

        // The commit records the check.
        var package = (await pipeline.Grains.GetGrain<IProjectGrain>(projectId).GetPackageAsync(user))!;
        var folder = Path.Combine(Path.GetTempPath(), "devbot-check-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            using (var archive = new ZipArchive(new MemoryStream(package.Content)))
            {
                archive.ExtractToDirectory(folder);
            }

            await GitCli.RunCheckedAsync(folder, ["clone", "--quiet", Directory.EnumerateFiles(folder, "*.bundle").Single(), "clone"]);
            var (_, log) = await GitCli.RunAsync(Path.Combine(folder, "clone"), ["log", "--format=%s|%b"]);
            Assert.Contains("TODO 1.2: Implement Note and NoteStore with add, list, find and delete|Check: passed (`python3 -m compileall", log, StringComparison.Ordinal);
            Assert.Contains("try 2)", log, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Answers one item's first try with code that does not compile; the retry (and everything else) is the scenario's.</summary>
    private sealed class BrokenFirstTry(string item) : IModelScript
    {
        private IModelScript _inner = null!;

        public ConcurrentQueue<string> Feedback { get; } = new();

        public IModelScript Around(SampleProjectScenario scenario)
        {
            _inner = scenario;
            return this;
        }

        public ScriptedReply Reply(ScriptedRequest request)
        {
            var text = request.AllText;
            if (!text.Contains("[devbot:task=implementer.item]", StringComparison.Ordinal) || !text.Contains($"[devbot:item={item}]", StringComparison.Ordinal))
            {
                return _inner.Reply(request);
            }

            if (request.LastUserText?.Contains("[devbot:check=failed]", StringComparison.Ordinal) == true)
            {
                Feedback.Enqueue(request.LastUserText);
                return _inner.Reply(request);
            }

            return new ScriptedReply("notes/store.py\n````python\nclass NoteStore:\n    def add(self, title\n        return None\n````\n");
        }
    }
}
