using DevBot.GrainInterfaces.Projects;
using DevBot.Grains.Projects;
using DevBot.Grains.Projects.Workflow;

namespace DevBot.Tests.Workflow;

/// <summary>
/// Which TODO items run at once: only those the plan says are independent (<c>after:</c>, whose items are done) and
/// that name disjoint files, up to <see cref="ProjectOptions.ParallelItems"/>; each item of a parallel step is counted
/// on its own when it reports.
/// </summary>
public sealed class ParallelItemsTests
{
    /// <summary>Phase 1: a skeleton everyone needs, three independent modules, a test item that needs two of them; phase 2: one item.</summary>
    private static PlanSnapshot Wide(params string[] done) => new(
    [
        new PlanItem("1.1", "Skeleton (files: pyproject.toml, app/__init__.py; after: none)", 1, false, done.Contains("1.1")),
        new PlanItem("1.2", "Storage (files: app/storage.py; after: 1.1)", 1, false, done.Contains("1.2")),
        new PlanItem("1.3", "Parser (files: `app/parser.py`; check: `python3 -m unittest`; after: 1.1)", 1, false, done.Contains("1.3")),
        new PlanItem("1.4", "Formatter (files: ./app/format.py; after: 1.1)", 1, false, done.Contains("1.4")),
        new PlanItem("1.5", "Tests of storage and parser (files: tests/test_app.py; after: 1.2, 1.3)", 1, false, done.Contains("1.5")),
        new PlanItem("2.1", "CLI (files: app/cli.py; after: none)", 2, false, done.Contains("2.1")),
    ]);

    private static WorkflowDriver ImplementingWide(int width = 4)
    {
        var driver = new WorkflowDriver(new ProjectOptions { ParallelItems = width });
        driver.Planning().Report(new PlanResult(50m, Wide()));
        driver.Apply(new StartDevelopment(WorkflowDriver.Owner));
        return driver;
    }

    private static ImplementResult Done(string id, PlanSnapshot plan) => new(id, 1, false, plan, new ItemCheck(CheckStatus.Passed, "python3 -m unittest", 1, 0.2, "passed"));

    [Fact]
    public void IndependentItems_NamingDisjointFiles_RunInOneStep_InPlanOrder()
    {
        var driver = ImplementingWide();
        Assert.Equal(new ImplementInput(driver.State.Title!, "1.1"), driver.Running.Request);

        driver.Report(Done("1.1", Wide("1.1")));

        // 1.5 needs 1.2 and 1.3, which are not done: it waits, although its files are free.
        var batch = Assert.IsType<ImplementItemsInput>(driver.Running.Request);
        Assert.Equal(["1.2", "1.3", "1.4"], batch.ItemIds);
        Assert.Equal(ActivityKind.Implementing, driver.State.Doing.Kind);
        Assert.Equal("1.2, 1.3, 1.4", driver.State.Doing.ItemId);

        var plan = Wide("1.1", "1.2", "1.3", "1.4");
        driver.Report(new ImplementItemsResult([new ItemOutcome("1.2", Done("1.2", plan), null), new ItemOutcome("1.3", Done("1.3", plan), null),
            new ItemOutcome("1.4", Done("1.4", plan), null)], plan));

        Assert.Equal(["1.1", "1.2", "1.3", "1.4"], driver.News.OfType<ItemDone>().Select(d => d.ItemId));
        Assert.Equal(4, driver.State.TodoDone);
        Assert.Equal(new ImplementInput(driver.State.Title!, "1.5"), driver.Running.Request);
    }

    [Fact]
    public void WidthOne_RunsEveryItemAlone()
    {
        var driver = ImplementingWide(width: 1);
        driver.Report(Done("1.1", Wide("1.1")));
        Assert.Equal(new ImplementInput(driver.State.Title!, "1.2"), driver.Running.Request);
    }

    [Fact]
    public void TheWidthBoundsTheStep()
    {
        var driver = ImplementingWide(width: 2);
        driver.Report(Done("1.1", Wide("1.1")));
        Assert.Equal(["1.2", "1.3"], Assert.IsType<ImplementItemsInput>(driver.Running.Request).ItemIds);
    }

    [Theory]
    // No after: clause — the item may need anything before it.
    [InlineData("Parser (files: app/parser.py)")]
    // After something that is not an item id.
    [InlineData("Parser (files: app/parser.py; after: the storage)")]
    // Shares a file with an item of the step.
    [InlineData("Parser (files: app/storage.py, app/parser.py; after: 1.1)")]
    [InlineData("Parser (files: APP/Storage.py; after: 1.1)")]
    // Names no files.
    [InlineData("Parser (after: 1.1)")]
    // Needs an item of the step.
    [InlineData("Parser (files: app/parser.py; after: 1.2)")]
    public void AnItemThatIsNotSurelyIndependent_DoesNotJoin(string parser)
    {
        var driver = new WorkflowDriver();
        PlanSnapshot Plan(params string[] done) => new(
        [
            new PlanItem("1.1", "Skeleton (files: app/__init__.py; after: none)", 1, false, done.Contains("1.1")),
            new PlanItem("1.2", "Storage (files: app/storage.py; after: 1.1)", 1, false, done.Contains("1.2")),
            new PlanItem("1.3", parser, 1, false, done.Contains("1.3")),
        ]);
        driver.Planning().Report(new PlanResult(50m, Plan()));
        driver.Apply(new StartDevelopment(WorkflowDriver.Owner));
        driver.Report(Done("1.1", Plan("1.1")));

        Assert.Equal(new ImplementInput(driver.State.Title!, "1.2"), driver.Running.Request);
    }

    [Fact]
    public void AFailedItemOfAParallelStep_CountsForItAlone_AndAsksWhenItKeepsFailing()
    {
        var driver = ImplementingWide();
        driver.Report(Done("1.1", Wide("1.1")));
        var plan = Wide("1.1", "1.2", "1.4");
        driver.Report(new ImplementItemsResult(
        [
            new ItemOutcome("1.2", Done("1.2", plan), null),
            new ItemOutcome("1.3", null, new StepFailed(StepFailure.EditsDidNotApply, "no SEARCH block matched", "f1")),
            new ItemOutcome("1.4", Done("1.4", plan), null),
        ], plan));

        // The others are done; 1.3 goes again, alone (1.5 still needs it), with one failure on its count.
        Assert.Equal(["1.1", "1.2", "1.4"], driver.News.OfType<ItemDone>().Select(d => d.ItemId));
        Assert.Equal(1, driver.State.ItemFailures["1.3"]);
        Assert.False(driver.State.ItemFailures.ContainsKey("1.2"));
        Assert.Equal(new ImplementInput(driver.State.Title!, "1.3"), driver.Running.Request);

        driver.Report(new StepFailed(StepFailure.EditsDidNotApply, "again", "f2"));
        driver.Report(new StepFailed(StepFailure.EditsDidNotApply, "third", "f3"));
        Assert.Equal(ProjectState.Paused, driver.State.State);
        Assert.Equal(new ItemDecision("1.3"), driver.State.Decision);
    }

    [Fact]
    public void TwoItemsOfAParallelStepFailingForGood_AskAboutOneAtATime()
    {
        var driver = new WorkflowDriver(new ProjectOptions { MaxItemAttempts = 1 });
        driver.Planning().Report(new PlanResult(50m, Wide()));
        driver.Apply(new StartDevelopment(WorkflowDriver.Owner));
        driver.Report(Done("1.1", Wide("1.1")));
        driver.Report(new ImplementItemsResult(
        [
            new ItemOutcome("1.2", null, new StepFailed(StepFailure.EditsDidNotApply, "a", "a")),
            new ItemOutcome("1.3", null, new StepFailed(StepFailure.EditsDidNotApply, "b", "b")),
            new ItemOutcome("1.4", Done("1.4", Wide("1.1", "1.4")), null),
        ], Wide("1.1", "1.4")));

        Assert.Equal(new ItemDecision("1.2"), driver.State.Decision);
        Assert.Single(driver.News.OfType<PausedItemFailing>());
        Assert.Equal(1, driver.State.ItemFailures["1.3"]);
    }

    [Fact]
    public void CreditsRunningOutInAParallelStep_PausesAndRetriesTheSameStep()
    {
        var driver = ImplementingWide();
        driver.Report(Done("1.1", Wide("1.1")));
        var step = driver.Running;
        driver.Report(new CreditsExhausted(4m));

        Assert.Equal(PauseReason.NoCredits, driver.State.Pause);
        driver.Apply(new ResumeProject(WorkflowDriver.Owner, ResumeDecision.Retry, 10m));
        Assert.Equal(step.Id, driver.Running.Id);
        Assert.Equal(step.Request, driver.Running.Request);
    }

    [Theory]
    [InlineData("Store (files: a.py; after: none)", new string[0])]
    [InlineData("Store (files: a.py; after: nothing)", new string[0])]
    [InlineData("Store (files: a.py; check: `make test`; after: 1.1, 1.2)", new[] { "1.1", "1.2" })]
    [InlineData("Store (after: `R1.1` 2.3)", new[] { "R1.1", "2.3" })]
    public void AfterClauses_AreRead(string text, string[] expected) => Assert.Equal(expected, ItemClauses.After(text));

    [Theory]
    [InlineData("Store (files: a.py)")]
    [InlineData("Store (files: a.py; after: the parser)")]
    [InlineData("Store after the parser is done")]
    public void AnItemThatDoesNotSayWhatItNeeds_HasNoAfterList(string text) => Assert.Null(ItemClauses.After(text));
}
