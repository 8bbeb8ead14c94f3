using DevBot.Bot.Handling;
using System.IO.Compression;
using System.Text;
using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Projects;
using DevBot.Tests.Infrastructure;
using DevBot.Workspace.Todo;

namespace DevBot.Tests.Pipeline;

/// <summary>The product's journey: an idea in, a delivered project out, at a known cost.</summary>
public sealed class JourneyTests
{
    [Fact]
    public async Task WholeJourney_WithTheSampleScenario_DeliversAWorkingProject()
    {
        await using var pipeline = await PipelineCluster.StartAsync("journey", extraSettings: new Dictionary<string, string> { ["CodeIndex:Embedder"] = "minilm" });
        var user = TestUsers.NewId();
        await pipeline.Grains.GetGrain<ICreditLedgerGrain>(user).GrantAsync(new CreditGrant("journey", 500m, GrantKind.Manual, null));

        var projectId = await pipeline.StartProjectAsync(user);
        var final = await pipeline.WaitForAsync(projectId, s => s.State is ProjectState.Completed or ProjectState.Failed or ProjectState.Paused);

        Assert.Equal(ProjectState.Completed, final.State);
        var project = pipeline.Grains.GetGrain<IProjectGrain>(projectId);
        var events = await project.GetEventsAsync(0, 500);
        var kinds = events.Select(e => e.Kind).ToList();
        Assert.True(kinds.IndexOf(ProjectEventKind.Questions) < kinds.IndexOf(ProjectEventKind.ScopeProposed));
        Assert.True(kinds.IndexOf(ProjectEventKind.ScopeProposed) < kinds.IndexOf(ProjectEventKind.EstimateReady));
        Assert.Equal(ProjectEventKind.Delivered, kinds[^1]);
        Assert.True(Assert.IsType<Delivered>(events[^1].News).TestsPassed);
        Assert.Contains("tests pass", ProjectWording.News(events[^1]), StringComparison.Ordinal);
        Assert.Contains(events, e => e.News is ReviewFoundGaps { Phase: 1, Gaps.Count: 1 });
        Assert.Contains(events, e => ProjectWording.News(e).Contains("found 1 gap(s)", StringComparison.Ordinal));
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Seq));

        var package = await project.GetPackageAsync(user);
        Assert.NotNull(package);
        Assert.Null(await project.GetPackageAsync(user + 1));
        using var zip = new ZipArchive(new MemoryStream(package.Content));
        string Read(string path) => new StreamReader(zip.GetEntry(path)!.Open(), Encoding.UTF8).ReadToEnd();
        var names = zip.Entries.Select(e => e.FullName).ToHashSet();
        foreach (var file in new[] { "notes-cli/docs/requirements.md", "notes-cli/docs/architecture.md", "notes-cli/docs/api_documentation.md",
                     "notes-cli/docs/deployment_guide.md", "notes-cli/notes/store.py", "notes-cli/tests/test_store.py", "notes-cli.bundle", "MANIFEST.txt" })
        {
            Assert.Contains(file, names);
        }

        var readme = Read("notes-cli/README.md");
        foreach (var section in new[] { "## Overview", "## Prerequisites", "## Installation", "## Configuration", "## Running", "## Usage", "## Directory layout" })
        {
            Assert.Contains(section, readme, StringComparison.Ordinal);
        }

        var todo = TodoDocument.Parse(Read("notes-cli/TODO.md"));
        Assert.Equal(todo.Total, todo.Done);
        Assert.Equal("Reject empty note titles (files: notes/store.py, tests/test_store.py; check: test_empty_title_is_rejected passes)", todo.Find("R1.1")!.Text);
        Assert.Contains("raise ValueError", Read("notes-cli/notes/store.py"), StringComparison.Ordinal);

        // Money: every charge of the project is a usage row, and the ledger reconciles with no hold left open.
        var charged = await Sql.ScalarAsync<decimal>(pipeline.ConnectionString, "SELECT sum(credits_charged) FROM api_key_usage WHERE project_id = @p", ("p", projectId));
        var debited = await Sql.ScalarAsync<decimal>(pipeline.ConnectionString,
            "SELECT -sum(credits_amount) FROM credit_transactions WHERE project_id = @p AND kind = 'usage'", ("p", projectId));
        Assert.Equal(charged, debited);
        Assert.Equal(charged, final.CreditsUsed);
        Assert.True(charged > 0 && charged < final.EstimateCredits, $"charged {charged}, estimate {final.EstimateCredits}");
        Assert.Equal(0L, await Sql.ScalarAsync<long>(pipeline.ConnectionString, "SELECT count(*) FROM credit_holds WHERE user_id = @u AND status = 'open'", ("u", user)));
        var balance = await pipeline.Grains.GetGrain<ICreditLedgerGrain>(user).GetBalanceAsync();
        Assert.Equal(500m - charged, balance.Balance);
        Assert.Equal("Completed", await Sql.ScalarAsync<string>(pipeline.ConnectionString, "SELECT state FROM projects WHERE project_id = @p", ("p", projectId)));
        Assert.True(await Sql.ScalarAsync<long>(pipeline.ConnectionString, "SELECT count(*) FROM conversations WHERE project_id = @p", ("p", projectId)) >= 4);

        // Every item was checked in the sandbox after its edits applied, and passed the first time (the scenario's code is right).
        Assert.All(events.Select(e => e.News).OfType<ItemDone>(), d => Assert.Equal((CheckStatus.Passed, 1), (d.Check!.Status, d.Check.Tries)));

        // Tool loop: the verification looked at the code first (one billed request per HTTP request).
        Assert.Contains(pipeline.Models.Exchanges, e => e.HadTools);
    }

    [Fact]
    public async Task Commands_FromAnotherUserOrOutOfTurn_AreRefusedClearly()
    {
        await using var pipeline = await PipelineCluster.StartAsync("refuse");
        var owner = TestUsers.NewId();
        var stranger = TestUsers.NewId();
        await pipeline.Grains.GetGrain<ICreditLedgerGrain>(owner).GrantAsync(new CreditGrant("g", 100m, GrantKind.Manual, null));
        var projectId = Guid.NewGuid();
        var project = pipeline.Grains.GetGrain<IProjectGrain>(projectId);

        var tooLong = await project.CreateAsync(owner, new string('x', 10_000));
        Assert.False(tooLong.Accepted);
        Assert.Equal(new CommandReply(ReplyKind.MessageTooLong, 10_000, 4000), tooLong.Reply);
        Assert.Contains("10000 characters", ProjectWording.Reply(tooLong), StringComparison.Ordinal);
        Assert.True((await project.CreateAsync(owner, "A notes tool")).Accepted);
        await pipeline.WaitForAsync(projectId, s => s.OpenQuestions.Count > 0);

        var stolen = await project.AnswerAsync(stranger, "I am not the owner");
        var early = await project.StartDevelopmentAsync(owner);
        var cancelByStranger = await project.CancelAsync(stranger);

        Assert.False(stolen.Accepted);
        Assert.Equal(ReplyKind.NotYours, stolen.Reply.Kind);
        Assert.Equal("There is no such project among yours.", ProjectWording.Reply(stolen));
        Assert.Equal(0, stolen.Status.UserId);
        Assert.False(early.Accepted);
        Assert.Equal(ReplyKind.ExpectingAnswers, early.Reply.Kind);
        Assert.Contains("answer the open questions", ProjectWording.Reply(early), StringComparison.Ordinal);
        Assert.False(cancelByStranger.Accepted);
        Assert.Equal(ProjectState.ClarifyingDetails, (await project.GetStatusAsync()).State);
    }
}
