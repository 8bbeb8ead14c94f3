using System.IO.Compression;
using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Projects;
using DevBot.Tests.Infrastructure;
using Xunit.Abstractions;

namespace DevBot.Tests.Pipeline;

/// <summary>
/// The review of phase 1 runs beside phase 2's item (real silo, real git, real PostgreSQL, the sample scenario whose
/// review of phase 1 finds a gap), and each is made to commit while the other is in flight, so one of them commits on
/// a head it did not start from. Nothing either step wrote may be lost, and the finding is done next.
/// </summary>
public sealed class ReviewsBesideJourneyTests(ITestOutputHelper output)
{
    [Theory]
    // The review commits its finding while 2.1 waits for the model: 2.1 lands on a head it did not start from.
    [InlineData(true)]
    // 2.1 lands while the review waits for its verdict: the review commits on a head it did not open (a commit made
    // from the index it opened with would drop 2.1's files).
    [InlineData(false)]
    public async Task TheReviewOfPhase1RunsWhilePhase2IsInFlight_AndNothingEitherWroteIsLost(bool findingFirst)
    {
        using var reviewAsked = new ManualResetEventSlim();
        using var itemAsked = new ManualResetEventSlim();
        using var goOn = new ManualResetEventSlim();
        var order = new List<string>();
        var reviewCalls = 0;
        await using var pipeline = await PipelineCluster.StartAsync("besidejourney");
        pipeline.Scenario.OnTask = task =>
        {
            lock (order)
            {
                order.Add(task);
            }

            switch (task)
            {
                case "architect.verify:1:1" when Interlocked.Increment(ref reviewCalls) == 1:
                    // The review's first call waits until phase 2's item has asked the model: both are in flight.
                    reviewAsked.Set();
                    Assert.True(itemAsked.Wait(TimeSpan.FromSeconds(60)), "phase 2's item never ran beside the review");
                    break;
                case "architect.verify:1:1" when !findingFirst:
                    // The verdict waits until 2.1 has landed.
                    goOn.Wait(TimeSpan.FromSeconds(60));
                    break;
                case "implementer.item:2.1":
                    itemAsked.Set();
                    if (findingFirst)
                    {
                        // The item's answer waits until the review has committed its finding on the item's base.
                        goOn.Wait(TimeSpan.FromSeconds(60));
                    }

                    break;
            }
        };
        var user = TestUsers.NewId();
        await pipeline.Grains.GetGrain<ICreditLedgerGrain>(user).GrantAsync(new CreditGrant("beside", 500m, GrantKind.Manual, null));
        var projectId = await pipeline.StartProjectAsync(user);
        var project = pipeline.Grains.GetGrain<IProjectGrain>(projectId);

        await Eventually.ReturnsAsync(async () => (await project.GetEventsAsync(0, 500)).Any(e => findingFirst ? e.News is ReviewFoundGaps { Phase: 1 } : e.News is ItemDone { ItemId: "2.1" }),
            found => found, TimeSpan.FromMinutes(2), findingFirst ? "the review of phase 1 to report its finding" : "2.1 to land");
        goOn.Set();
        var final = await pipeline.WaitForAsync(projectId, s => s.State is ProjectState.Completed or ProjectState.Failed or ProjectState.Paused, TimeSpan.FromMinutes(3));

        var news = (await project.GetEventsAsync(0, 500)).Select(e => e.News).ToList();
        Assert.True(final.State == ProjectState.Completed, $"{final.State}: {string.Join(" | ", news.TakeLast(4))}");
        Assert.True(reviewAsked.IsSet && itemAsked.IsSet);
        Assert.Equal(findingFirst, news.FindIndex(n => n is ReviewFoundGaps { Phase: 1 }) < news.FindIndex(n => n is ItemDone { ItemId: "2.1" }));
        Assert.Equal(["1.1", "1.2", "1.3", "2.1", "R1.1"], news.OfType<ItemDone>().Select(d => d.ItemId));

        var package = await project.GetPackageAsync(user);
        var history = await ResilienceTests.GitHistoryAsync(package!.Content);
        output.WriteLine(string.Join('\n', history));
        output.WriteLine("tasks: " + string.Join(' ', order));
        // The commits came in the order the test forced; each item's once.
        var newestFirst = history.ToList();
        var review = newestFirst.FindIndex(m => m.StartsWith("Review of phase 1: 1 new TODO item(s)", StringComparison.Ordinal));
        Assert.Equal(findingFirst, review > newestFirst.FindIndex(m => m.StartsWith("TODO 2.1:", StringComparison.Ordinal)));
        Assert.True(review < newestFirst.FindIndex(m => m.StartsWith("TODO 1.3:", StringComparison.Ordinal)));
        foreach (var item in new[] { "1.1", "1.2", "1.3", "2.1", "R1.1" })
        {
            Assert.Equal(1, newestFirst.Count(m => m.StartsWith($"TODO {item}:", StringComparison.Ordinal)));
        }

        // Both writers' files are in the delivered tree: the finding's section with every item done, 2.1's CLI.
        using var zip = new ZipArchive(new MemoryStream(package.Content));
        string Read(string suffix)
        {
            var entry = zip.Entries.Single(e => e.FullName.EndsWith(suffix, StringComparison.Ordinal) && !e.FullName.Contains(".git/", StringComparison.Ordinal));
            using var reader = new StreamReader(entry.Open());
            return reader.ReadToEnd();
        }

        var todo = Read("/TODO.md");
        Assert.Contains("- [x] R1.1", todo, StringComparison.Ordinal);
        Assert.Contains("- [x] 2.1", todo, StringComparison.Ordinal);
        Assert.DoesNotContain("- [ ]", todo, StringComparison.Ordinal);
        Assert.Contains("def main", Read("/notes/cli.py"), StringComparison.Ordinal);
        Assert.True(Assert.IsType<Delivered>(news.Last(n => n is Delivered)).TestsPassed);
    }
}
