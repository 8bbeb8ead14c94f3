using DevBot.Bot.Handling;
using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Projects;
using DevBot.Tests.Infrastructure;
using Npgsql;

namespace DevBot.Tests.Pipeline;

/// <summary>
/// Projects saved by the previous version — before typed steps — load and finish after the upgrade. The rows are real:
/// captured with the code of commit 6e8d6c2 from the sample scenario (pg_dump of the project's grain state, reminder,
/// repository, events, conversation and ledger rows; Pipeline/Legacy/*.sql): one with an implementation step in
/// flight whose model answer never came, one paused on a TODO item that kept failing, one waiting for answers.
/// </summary>
public sealed class LegacyStateTests
{
    private const string CapturedServiceId = "devbot-legacy-capture";

    [Fact]
    public async Task StepInFlight_SavedByThePreviousVersion_IsDispatchedAgainAndTheProjectCompletes()
    {
        var projectId = Guid.Parse("11111111-1111-4111-8111-111111111111");
        await using var pipeline = await StartWithAsync("implementing");

        var final = await pipeline.WaitForAsync(projectId, s => s.State is ProjectState.Completed or ProjectState.Failed or ProjectState.Paused, TimeSpan.FromMinutes(3));

        Assert.True(final.State == ProjectState.Completed, $"{final.State}: {ProjectWording.Activity(final.Activity)}");
        var events = await pipeline.Grains.GetGrain<IProjectGrain>(projectId).GetEventsAsync(0, 500);
        // The old rows read back as what they were (questions typed, the rest as their stored words), the new ones typed.
        Assert.IsType<QuestionsAsked>(events.First(e => e.Kind == ProjectEventKind.Questions).News);
        Assert.Contains(events, e => e.News is LegacyNews { LegacyKind: ProjectEventKind.EstimateReady } legacy && legacy.Text.Contains("The plan is ready", StringComparison.Ordinal));
        Assert.Contains(events, e => e.News is ItemDone { ItemId: "1.2" });
        Assert.True(Assert.IsType<Delivered>(events[^1].News).TestsPassed);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Seq));
        Assert.NotNull(await pipeline.Grains.GetGrain<IProjectGrain>(projectId).GetPackageAsync(910001));
        await AssertLedgerReconcilesAsync(pipeline, 910001, projectId);
    }

    [Fact]
    public async Task PauseForADecision_SavedByThePreviousVersion_ResumesAndCompletes()
    {
        var projectId = Guid.Parse("22222222-2222-4222-8222-222222222222");
        await using var pipeline = await StartWithAsync("paused");
        var project = pipeline.Grains.GetGrain<IProjectGrain>(projectId);
        var paused = await project.GetStatusAsync();
        Assert.Equal((ProjectState.Paused, PauseReason.NeedsDecision), (paused.State, paused.Pause));
        var question = (await project.GetEventsAsync(0, 500)).Last();
        Assert.Contains("1.2 keeps failing", ProjectWording.News(question), StringComparison.Ordinal);

        // The old pending decision ("1.2") is typed now: retrying the item starts its attempts afresh (the model,
        // which broke it in the capture, answers properly here).
        var resumed = await project.ResumeAsync(910002, ResumeDecision.Retry);
        Assert.True(resumed.Accepted, ProjectWording.Reply(resumed));
        var final = await pipeline.WaitForAsync(projectId, s => s.State is ProjectState.Completed or ProjectState.Failed or ProjectState.Paused, TimeSpan.FromMinutes(3));

        Assert.True(final.State == ProjectState.Completed,
            $"{final.State}: {ProjectWording.Activity(final.Activity)}: " + string.Join(" | ", (await project.GetEventsAsync(0, 500)).Select(e => e.News.ToString())));
        var events = await project.GetEventsAsync(0, 500);
        Assert.Contains(events, e => e.News is ItemDone { ItemId: "1.2" });
        Assert.True(Assert.IsType<Delivered>(events[^1].News).TestsPassed);
        await AssertLedgerReconcilesAsync(pipeline, 910002, projectId);
    }

    [Fact]
    public async Task OpenQuestions_SavedByThePreviousVersion_AreAnsweredAndTheProjectCompletes()
    {
        var projectId = Guid.Parse("33333333-3333-4333-8333-333333333333");
        await using var pipeline = await StartWithAsync("questions");
        var project = pipeline.Grains.GetGrain<IProjectGrain>(projectId);
        var waiting = await project.GetStatusAsync();
        Assert.Equal(3, waiting.OpenQuestions.Count);

        Assert.True((await project.AnswerAsync(910003, "Command line. Yes, search and delete. A local JSON file.")).Accepted);
        await pipeline.WaitForAsync(projectId, s => s.State == ProjectState.ConfirmingScope);
        Assert.True((await project.ConfirmScopeAsync(910003, true, null)).Accepted);
        await pipeline.WaitForAsync(projectId, s => s.State == ProjectState.AwaitingStart);
        Assert.True((await project.StartDevelopmentAsync(910003)).Accepted);
        var final = await pipeline.WaitForAsync(projectId, s => s.State is ProjectState.Completed or ProjectState.Failed or ProjectState.Paused, TimeSpan.FromMinutes(3));

        Assert.True(final.State == ProjectState.Completed, $"{final.State}: {ProjectWording.Activity(final.Activity)}");
        await AssertLedgerReconcilesAsync(pipeline, 910003, projectId);
    }

    private static Task<PipelineCluster> StartWithAsync(string capture) =>
        PipelineCluster.StartAsync("legacy" + capture, stepLease: TimeSpan.FromSeconds(20), serviceId: CapturedServiceId,
            prepareDatabase: connectionString => LoadAsync(connectionString, capture));

    /// <summary>Loads a captured dump (data only) into a freshly migrated database.</summary>
    private static async Task LoadAsync(string connectionString, string capture)
    {
        await using var stream = typeof(LegacyStateTests).Assembly.GetManifestResourceStream($"DevBot.Tests.Legacy.{capture}.sql")
                                 ?? throw new InvalidOperationException($"No captured state {capture}.");
        var dump = await new StreamReader(stream).ReadToEndAsync();
        // psql's meta-commands (\restrict) are not SQL; the rows go in without their foreign keys checked in between.
        var sql = "SET session_replication_role = replica;\n"
                  + string.Join('\n', dump.Split('\n').Where(l => !l.StartsWith('\\')))
                  + "\nSET session_replication_role = DEFAULT;";
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task AssertLedgerReconcilesAsync(PipelineCluster pipeline, long user, Guid projectId)
    {
        var balance = await pipeline.Grains.GetGrain<ICreditLedgerGrain>(user).GetBalanceAsync();
        Assert.Equal(balance.Balance, await Sql.ScalarAsync<decimal>(pipeline.ConnectionString,
            "SELECT sum(credits_amount) FROM credit_transactions WHERE user_id = @u", ("u", user)));
        Assert.Equal(await Sql.ScalarAsync<long>(pipeline.ConnectionString, "SELECT count(DISTINCT call_id) FROM api_key_usage WHERE project_id = @p", ("p", projectId)),
            await Sql.ScalarAsync<long>(pipeline.ConnectionString, "SELECT count(*) FROM api_key_usage WHERE project_id = @p", ("p", projectId)));
    }
}
