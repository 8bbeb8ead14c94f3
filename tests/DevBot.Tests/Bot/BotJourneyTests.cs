using System.IO.Compression;
using DevBot.Bot.Text;
using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Projects;
using DevBot.GrainInterfaces.Users;
using DevBot.Tests.Infrastructure;
using DevBot.Tests.Pipeline;

namespace DevBot.Tests.Bot;

/// <summary>Whole conversations through the real Telegram.Bot client and a fake Bot API server, on the scripted models.</summary>
public sealed class BotJourneyTests
{
    [Fact]
    public async Task FullJourney_FromStartToZip_DeliversTheProjectInTheChat()
    {
        await using var bed = await BotTestBed.StartAsync("botjourney");
        var (pipeline, api) = (bed.Pipeline, bed.Api);
        var user = TestUsers.NewId();

        var zip = await RunJourneyAsync(api, user);

        using var archive = new ZipArchive(new MemoryStream(zip.File!));
        var readme = Read(archive, "notes-cli/README.md");
        foreach (var section in new[] { "## Overview", "## Prerequisites", "## Installation", "## Configuration", "## Running", "## Usage", "## Directory layout" })
        {
            Assert.Contains(section, readme, StringComparison.Ordinal);
        }

        var todo = Read(archive, "notes-cli/TODO.md");
        Assert.DoesNotContain("- [ ]", todo, StringComparison.Ordinal);
        Assert.Contains("- [x] R1.1", todo, StringComparison.Ordinal);
        foreach (var doc in new[] { "requirements", "architecture", "api_documentation", "deployment_guide" })
        {
            Assert.NotNull(archive.GetEntry($"notes-cli/docs/{doc}.md"));
        }

        Assert.NotNull(archive.GetEntry("notes-cli.bundle"));
        // Progress was one message edited in place, not a message per step; nothing was longer than Telegram allows.
        var calls = api.To(user);
        Assert.Contains(calls, c => c.Method == "editmessagetext");
        Assert.All(calls, c => Assert.True(c.Text.Length <= MessageSplitter.TelegramLimit, c.ToString()));
        // The delivery message says the final cost (in credits and Stars), the new balance and what to do next.
        var ready = Assert.Single(calls, c => c.Method == "sendmessage" && c.Text.Contains("Your project is ready", StringComparison.Ordinal));
        var status = await pipeline.Grains.GetGrain<IProjectGrain>((await pipeline.Grains.GetGrain<IUserGrain>(user).GetSummaryAsync()).ActiveProjectId!.Value).GetStatusAsync();
        var balance = await pipeline.Grains.GetGrain<ICreditLedgerGrain>(user).GetBalanceAsync();
        Assert.Contains($"Final cost: {ProjectTexts_Credits(status.CreditsUsed)} credits (≈ ", ready.Text, StringComparison.Ordinal);
        Assert.Contains($"Your balance is now {ProjectTexts_Credits(balance.Available)} credits", ready.Text, StringComparison.Ordinal);
        Assert.Contains("/history", ready.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("cost", zip.Text, StringComparison.OrdinalIgnoreCase);

        // Then a rating (1-5) and a comment, each taken once and stored with the project.
        var rate = await api.WaitForAsync(c => c.ChatId == user && c.Text.StartsWith("How did", StringComparison.Ordinal), "asked for a rating");
        api.Press(user, rate.Button("4 ★"), rate.MessageId);
        await api.WaitForAsync(c => c.Method == "answercallbackquery" && c.Fields.GetValueOrDefault("text") == "Thanks! You rated it 4/5.", "took the rating");
        api.Press(user, rate.Button("1 ★"), rate.MessageId);
        await api.WaitForAsync(c => c.Method == "answercallbackquery" && c.Fields.GetValueOrDefault("text") == "You have already rated this project.", "refused a second rating");
        api.SendText(user, "/feedback Clear README & tests <3");
        await api.WaitForAsync(c => c.ChatId == user && c.Text.Contains("your comment on", StringComparison.Ordinal), "saved the comment");
        api.SendText(user, "/feedback changed my mind");
        await api.WaitForAsync(c => c.ChatId == user && c.Text.Contains("You already commented", StringComparison.Ordinal), "kept the first comment");
        Assert.Equal(4, await Sql.ScalarAsync<short>(pipeline.ConnectionString, "SELECT rating FROM projects WHERE project_id = @p", ("p", status.ProjectId)));
        Assert.Equal("Clear README & tests <3", await Sql.ScalarAsync<string>(pipeline.ConnectionString, "SELECT rating_comment FROM projects WHERE project_id = @p", ("p", status.ProjectId)));
        // The bot's token is a secret: it never reaches the logs.
        Assert.DoesNotContain(LogCapture.Entries, e => e.Text.Contains(FakeBotApi.Token.Split(':')[1], StringComparison.Ordinal));
    }

    [Fact]
    public async Task TwoUsersAtOnce_EachGetsTheirOwnProject_AndOnlyTheirOwnMessages()
    {
        await using var bed = await BotTestBed.StartAsync("bottwo");
        var (pipeline, api) = (bed.Pipeline, bed.Api);
        var first = TestUsers.NewId();
        var second = TestUsers.NewId();

        var zips = await Task.WhenAll(RunJourneyAsync(api, first), RunJourneyAsync(api, second));

        Assert.All(zips, z => Assert.Equal("senddocument", z.Method));
        Assert.Equal([first, second], zips.Select(z => z.ChatId));
        var projects = await Task.WhenAll(new[] { first, second }.Select(u => pipeline.Grains.GetGrain<IUserGrain>(u).GetProjectsAsync()));
        Assert.All(projects, p => Assert.Single(p));
        Assert.NotEqual(projects[0][0].ProjectId, projects[1][0].ProjectId);
        // Every message to a chat is about that chat's own project.
        foreach (var (user, other) in new[] { (first, projects[1][0].ProjectId), (second, projects[0][0].ProjectId) })
        {
            Assert.DoesNotContain(api.To(user), c => c.ReplyMarkup.Contains(other.ToString("N"), StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task BotRestartedMidProject_SendsWhatItMissed_AndNothingTwice()
    {
        await using var pipeline = await PipelineCluster.StartAsync("botrestart");
        await using var api = await FakeBotApi.StartAsync();
        var user = TestUsers.NewId();
        var settings = BotHarness.TelegramSettings(api);
        var bot = await BotHarness.StartAsync(pipeline.Cluster.Client, settings);
        var botStopped = false;
        Guid projectId;
        try
        {
            // The bot goes down right after the user starts development, before any of the work is reported.
            using var hold = pipeline.HoldImplementer();
            var estimate = await ReachEstimateAsync(api, user);
            api.Press(user, estimate.Button("Start development"));
            projectId = (await pipeline.Grains.GetGrain<IUserGrain>(user).GetSummaryAsync()).ActiveProjectId!.Value;
            await pipeline.WaitForAsync(projectId, s => s.State == ProjectState.Implementing);
            await bot.DisposeAsync();
            botStopped = true;
            hold.Set();
            await pipeline.WaitForAsync(projectId, s => s.State == ProjectState.Completed);
            Assert.DoesNotContain(api.To(user), c => c.Method == "senddocument");
        }
        finally
        {
            if (!botStopped)
            {
                await bot.DisposeAsync();
            }
        }

        var before = api.To(user).Count;
        await using var restarted = await BotHarness.StartAsync(pipeline.Cluster.Client, settings);

        var zip = await api.WaitForAsync(c => c.ChatId == user && c.Method == "senddocument", "sent the package after its restart");
        Assert.Equal("notes-cli.zip", zip.FileName);
        var after = api.To(user).Skip(before).ToList();
        Assert.Contains(after, c => c.Text.Contains("is ready", StringComparison.Ordinal));
        // Only what was missed: the questions, scope and estimate are not sent again.
        Assert.DoesNotContain(after, c => c.Text.Contains("Estimated cost", StringComparison.Ordinal) || c.Text.Contains("before planning", StringComparison.Ordinal));
        await Eventually.ReturnsAsync(() => Sql.ScalarAsync<long>(pipeline.ConnectionString, "SELECT last_event_seq - delivered_seq FROM projects WHERE project_id = @p", ("p", projectId)),
            lag => lag == 0, TimeSpan.FromSeconds(10), "every event to be acknowledged");
    }

    [Fact]
    public async Task AfterARestart_HistoryIsNotReplayed_AndAnOldButtonDoesNotActOnTheRunningProject()
    {
        await using var pipeline = await PipelineCluster.StartAsync("botstale");
        await using var api = await FakeBotApi.StartAsync();
        var user = TestUsers.NewId();
        var settings = BotHarness.TelegramSettings(api);
        BotCall estimate;
        await using (await BotHarness.StartAsync(pipeline.Cluster.Client, settings))
        {
            estimate = await ReachEstimateAsync(api, user);
        }

        await using var restarted = await BotHarness.StartAsync(pipeline.Cluster.Client, settings);
        using var hold = pipeline.HoldImplementer();
        api.Press(user, estimate.Button("Start development"), estimate.MessageId);
        var projectId = (await pipeline.Grains.GetGrain<IUserGrain>(user).GetSummaryAsync()).ActiveProjectId!.Value;
        await pipeline.WaitForAsync(projectId, s => s.State == ProjectState.Implementing);
        await api.WaitForAsync(c => c.ChatId == user && c.Text.Contains("Development started", StringComparison.Ordinal), "reported the start");

        // The estimate's "Cancel" pressed now would stop a paid, running project: it is refused as out of date.
        api.Press(user, estimate.Button("Cancel"), estimate.MessageId);
        await api.WaitForAsync(c => c.ChatId == user && c.Text.Contains("That button is from earlier", StringComparison.Ordinal), "refused the old button");
        hold.Set();
        await api.WaitForAsync(c => c.ChatId == user && c.Method == "senddocument", "delivered after the restart", TimeSpan.FromSeconds(120));

        Assert.Equal(ProjectState.Completed, (await pipeline.Grains.GetGrain<IProjectGrain>(projectId).GetStatusAsync()).State);
        foreach (var once in new[] { "before planning", "Proposed scope", "The plan is ready" })
        {
            Assert.Single(api.To(user), c => c.Method == "sendmessage" && c.Text.Contains(once, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task AUserWhoBlockedTheBot_DoesNotHoldUpAnotherUsersDelivery()
    {
        await using var bed = await BotTestBed.StartAsync("botblocked");
        var (pipeline, api) = (bed.Pipeline, bed.Api);
        var blocker = TestUsers.NewId();
        var other = TestUsers.NewId();
        var estimate = await ReachEstimateAsync(api, blocker);
        api.Press(blocker, estimate.Button("Start development"), estimate.MessageId);
        var blockedProject = (await pipeline.Grains.GetGrain<IUserGrain>(blocker).GetSummaryAsync()).ActiveProjectId!.Value;
        api.Block(blocker);

        var zip = await RunJourneyAsync(api, other);

        Assert.Equal("notes-cli.zip", zip.FileName);
        await pipeline.WaitForAsync(blockedProject, s => s.State == ProjectState.Completed);
        // The blocked chat's events are passed over (acknowledged), not retried forever.
        await Eventually.ReturnsAsync(() => Sql.ScalarAsync<long>(pipeline.ConnectionString, "SELECT last_event_seq - delivered_seq FROM projects WHERE project_id = @p", ("p", blockedProject)),
            lag => lag == 0, TimeSpan.FromSeconds(20), "the blocked chat's events to be passed over");
        Assert.Contains(api.Calls, c => c.ChatId == blocker && c.Method.EndsWith(":refused", StringComparison.Ordinal));
    }

    /// <summary>/start → idea → an option and answers → confirm scope → start → the ZIP; returns the document call.</summary>
    internal static async Task<BotCall> RunJourneyAsync(FakeBotApi api, long user)
    {
        var estimate = await ReachEstimateAsync(api, user);
        api.Press(user, estimate.Button("Start development"));
        return await api.WaitForAsync(c => c.ChatId == user && c.Method == "senddocument", "sent the package", TimeSpan.FromSeconds(120));
    }

    internal static async Task<BotCall> ReachEstimateAsync(FakeBotApi api, long user)
    {
        api.SendText(user, "/start");
        await api.WaitForAsync(c => c.ChatId == user && c.Text.Contains("free credits", StringComparison.Ordinal), "welcomed the user");
        api.SendText(user, "I want a small tool to keep short notes from the command line.");
        var questions = await api.WaitForAsync(c => c.ChatId == user && c.Text.Contains("before planning", StringComparison.Ordinal), "asked questions");
        api.Press(user, questions.Button("Command line"), questions.MessageId);
        await api.WaitForAsync(c => c.Method == "answercallbackquery" && c.Fields.GetValueOrDefault("text") == "Picked: Command line", "confirmed the picked option");
        api.SendText(user, "Yes, search and delete. A local JSON file.");
        var scope = await api.WaitForAsync(c => c.ChatId == user && c.Text.Contains("Proposed scope", StringComparison.Ordinal), "proposed a scope");
        api.Press(user, scope.Button("Confirm scope"), scope.MessageId);
        return await api.WaitForAsync(c => c.ChatId == user && c.Text.Contains("Estimated cost", StringComparison.Ordinal), "showed the estimate");
    }

    private static string ProjectTexts_Credits(decimal credits) => CreditMath.Display(credits);

    private static string Read(ZipArchive archive, string name)
    {
        using var reader = new StreamReader(archive.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }
}
