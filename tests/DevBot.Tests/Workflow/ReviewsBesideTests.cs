using DevBot.GrainInterfaces.Projects;
using DevBot.Grains.Projects;
using DevBot.Grains.Projects.Workflow;

namespace DevBot.Tests.Workflow;

/// <summary>
/// Reviews beside the work that follows them (<see cref="ProjectOptions.StepsBeside"/>): a finished phase's review
/// runs while the next phase's items do, its findings join the plan whenever it reports, finalising waits for every
/// review, the README is written beside the final review (and again when that review finds gaps), and a step beside
/// that fails or is lost is done again in the main line.
/// </summary>
public sealed class ReviewsBesideTests
{
    /// <summary>Three phases of one item each; a review of phase 1 adds R1.1.</summary>
    private static PlanSnapshot Plan(params string[] done) => new(
    [
        new PlanItem("1.1", "Storage (files: app/storage.py; after: none)", 1, false, done.Contains("1.1")),
        new PlanItem("2.1", "Parser (files: app/parser.py; after: 1.1)", 2, false, done.Contains("2.1")),
        new PlanItem("3.1", "CLI (files: app/cli.py; after: 2.1)", 3, false, done.Contains("3.1")),
    ]);

    private static PlanSnapshot WithFinding(PlanSnapshot plan, bool done = false) => WorkflowDriver.WithFollowUp(plan, "R1.1", done);

    private static WorkflowDriver Implementing(int stepsBeside = 2)
    {
        var driver = new WorkflowDriver(stepsBeside: stepsBeside);
        driver.Planning().Report(new PlanResult(50m, Plan()));
        driver.Apply(new StartDevelopment(WorkflowDriver.Owner));
        return driver;
    }

    private static ImplementResult Done(string id, PlanSnapshot plan) => new(id, 1, false, plan, new ItemCheck(CheckStatus.Passed, "python3 -m unittest", 1, 0.2, "passed"));

    private static ImplementItemsResult Items(PlanSnapshot plan, params string[] ids) =>
        new([.. ids.Select(id => new ItemOutcome(id, Done(id, plan), null))], plan);

    private static void ReportBeside(WorkflowDriver driver, ActiveStep step, StepResult result) =>
        driver.Apply(new StepReported(new StepReport(step.Id, step.Attempt, result), driver.CreditsUsed));

    [Fact]
    public void AFinishedPhase_IsReviewedBesideTheNextPhasesItems_WhichWorkInTreesOfTheirOwn()
    {
        var driver = Implementing();
        driver.Report(Done("1.1", Plan("1.1")));

        var review = Assert.Single(driver.State.Beside);
        Assert.Equal(new VerifyInput(1, 1), review.Request);
        Assert.Equal(1, review.Phase);
        // One rolling items step takes the open items of every phase (each starts when what it needs has landed), in
        // trees of their own: the review may commit while they work.
        Assert.Equal(["2.1", "3.1"], Assert.IsType<ImplementItemsInput>(driver.Running.Request).ItemIds);
        Assert.Equal([review.Id, driver.Running.Id], driver.Last.Dispatch.Select(s => s.Id));
        Assert.NotEqual(review.Id, driver.Running.Id);
        Assert.Equal(ActivityKind.Implementing, driver.State.Doing.Kind);
    }

    [Fact]
    public void WithNoStepsBeside_TheReviewHoldsUpThePhaseAfterIt()
    {
        var driver = Implementing(stepsBeside: 0);
        driver.Report(Done("1.1", Plan("1.1")));

        Assert.Empty(driver.State.Beside);
        Assert.Equal(new VerifyInput(1, 1), driver.Running.Request);
    }

    [Fact]
    public void FindingsThatArriveFirst_AreNotLostToTheItemsReportThatWasCommittedEarlier()
    {
        var driver = Implementing();
        driver.Report(Done("1.1", Plan("1.1")));
        var review = driver.State.Beside[0];

        // The review committed R1.1 after 2.1's commit, but its report comes first …
        ReportBeside(driver, review, new VerifyResult(1, [new VerificationGap("Validate input", "fp-1")], WithFinding(Plan("1.1", "2.1"))));
        Assert.Empty(driver.State.Beside);
        Assert.Contains(driver.News, n => n is ReviewFoundGaps { Phase: 1 });
        // … and the items step, still running, is not disturbed.
        Assert.IsType<ImplementItemsInput>(driver.Running.Request);

        // … then the items step reports TODO.md as it was at its own commit, without R1.1.
        driver.Report(Items(Plan("1.1", "2.1"), "2.1"));

        Assert.Contains(driver.State.Plan!.Items, i => i.Id == "R1.1" && !i.Done);
        Assert.Equal(2, driver.State.TodoDone);
        Assert.Equal(4, driver.State.TodoTotal);
        // The finding is done next, before phase 3 goes on; phase 2's review runs beside it.
        Assert.Equal(["R1.1"], Assert.IsType<ImplementItemsInput>(driver.Running.Request).ItemIds);
        Assert.Equal(new VerifyInput(2, 1), Assert.Single(driver.State.Beside).Request);
    }

    [Fact]
    public void ItemsDoneInALaterCommit_StayDone_WhenAnEarlierSnapshotArrivesLast()
    {
        var driver = Implementing();
        driver.Report(Done("1.1", Plan("1.1")));
        var review = driver.State.Beside[0];

        driver.Report(Items(Plan("1.1", "2.1"), "2.1"));
        // The review read TODO.md before 2.1 landed and found nothing to add.
        ReportBeside(driver, review, new VerifyResult(1, [], Plan("1.1")));

        Assert.True(driver.State.Plan!.Items.Single(i => i.Id == "2.1").Done);
        Assert.Contains(1, driver.State.VerifiedPhases);
    }

    [Fact]
    public void Finalising_WaitsForTheStepsBeside_ThenTheReadmeIsWrittenBesideTheFinalReview()
    {
        var driver = Implementing();
        driver.Report(Done("1.1", Plan("1.1")));
        var review1 = driver.State.Beside[0];
        driver.Report(Items(Plan("1.1", "2.1"), "2.1"));
        // Phase 2 is reviewed beside phase 3, next to phase 1's review (two beside at most).
        Assert.Equal([review1.Id, driver.State.Beside[1].Id], driver.State.Beside.Select(b => b.Id));
        var review2 = driver.State.Beside[1];
        Assert.Equal(new VerifyInput(2, 1), review2.Request);

        driver.Report(Items(Plan("1.1", "2.1", "3.1"), "3.1"));
        // The last phase has no work after it: its review is the main step.
        Assert.Equal(new VerifyInput(3, 1), driver.Running.Request);
        driver.Report(new VerifyResult(3, [], Plan("1.1", "2.1", "3.1")));

        // Two reviews still run: nothing starts, and the project says what it waits for.
        Assert.Null(driver.State.Step);
        Assert.Equal(ProjectState.Implementing, driver.State.State);
        Assert.Equal(ActivityKind.Reviewing, driver.State.Doing.Kind);
        ReportBeside(driver, review2, new VerifyResult(2, [], Plan("1.1", "2.1", "3.1")));
        Assert.Null(driver.State.Step);

        ReportBeside(driver, review1, new VerifyResult(1, [], Plan("1.1", "2.1", "3.1")));
        Assert.Equal(ProjectState.Finalizing, driver.State.State);
        Assert.IsType<TestInput>(driver.Running.Request);

        driver.Report(new TestResult(TestOutcome.Passed, "python3 -m unittest", 0, 1.5, "OK"));
        Assert.Equal(new VerifyInput(0, 1), driver.Running.Request);
        var readme = Assert.Single(driver.State.Beside);
        Assert.IsType<ReadmeInput>(readme.Request);

        // The README may finish first; the package waits for the final review.
        ReportBeside(driver, readme, new ReadmeResult());
        Assert.True(driver.State.ReadmeDone);
        Assert.Equal(new VerifyInput(0, 1), driver.Running.Request);
        driver.Report(new VerifyResult(0, [], Plan("1.1", "2.1", "3.1")));

        Assert.Equal(ProjectState.Delivering, driver.State.State);
        Assert.IsType<PackageInput>(driver.Running.Request);
    }

    /// <summary>Phases 1 and 2 done and reviewed beside; phase 3's item reported: its review is the main step.</summary>
    private static WorkflowDriver AtTheLastReview()
    {
        var driver = Implementing(stepsBeside: 4);
        driver.Report(Done("1.1", Plan("1.1")));
        ReportBeside(driver, driver.State.Beside[0], new VerifyResult(1, [], Plan("1.1")));
        driver.Report(Items(Plan("1.1", "2.1"), "2.1"));
        ReportBeside(driver, driver.State.Beside[0], new VerifyResult(2, [], Plan("1.1", "2.1")));
        driver.Report(Items(Plan("1.1", "2.1", "3.1"), "3.1"));
        return driver;
    }

    [Fact]
    public void TheFinalReviewAndTheReadme_StartBesideTheLastPhasesReview_AndTheTestsWaitForNoneOfThem()
    {
        var driver = AtTheLastReview();
        Assert.Equal(new VerifyInput(3, 1), driver.Running.Request);
        var final = driver.State.Beside.Single(b => b.Request is VerifyInput { Phase: 0 });
        var readme = driver.State.Beside.Single(b => b.Request is ReadmeInput);

        driver.Report(new VerifyResult(3, [], Plan("1.1", "2.1", "3.1")));
        // The tests start while the final review still runs beside.
        Assert.Equal(ProjectState.Finalizing, driver.State.State);
        Assert.IsType<TestInput>(driver.Running.Request);
        ReportBeside(driver, readme, new ReadmeResult());
        driver.Report(new TestResult(TestOutcome.Passed, "python3 -m unittest", 0, 1.5, "OK"));

        // Only the final review is left: the project waits for it, and packages when it passes.
        Assert.Null(driver.State.Step);
        Assert.Equal(new ProjectActivity(ActivityKind.Reviewing, Phase: 0), driver.State.Doing);
        ReportBeside(driver, final, new VerifyResult(0, [], Plan("1.1", "2.1", "3.1")));
        Assert.Equal(ProjectState.Delivering, driver.State.State);
        Assert.IsType<PackageInput>(driver.Running.Request);
        Assert.Equal(2, driver.News.Count(n => n is ReviewPassed { Phase: 3 } or ReviewPassed { Phase: 0 }));
    }

    [Fact]
    public void WhenTheLastReviewFindsGaps_AFinalReviewAndReadmeThatPassedBefore_AreDoneAgainAfterTheFixes()
    {
        var driver = AtTheLastReview();
        var final = driver.State.Beside.Single(b => b.Request is VerifyInput { Phase: 0 });
        var readme = driver.State.Beside.Single(b => b.Request is ReadmeInput);

        var withGap = WorkflowDriver.WithFollowUp(Plan("1.1", "2.1", "3.1"), "R3.1", false);
        driver.Report(new VerifyResult(3, [new VerificationGap("Handle an empty file", "fp-3")], withGap));
        ReportBeside(driver, final, new VerifyResult(0, [], withGap));
        ReportBeside(driver, readme, new ReadmeResult());
        Assert.True(driver.State.FinalReviewDone && driver.State.ReadmeDone);
        // (In a tree of its own: the fix was chosen while the final review and the README still ran beside.)
        Assert.Equal(["R3.1"], Assert.IsType<ImplementItemsInput>(driver.Running.Request).ItemIds);

        // The fix lands: what passed the code before it no longer counts.
        driver.Report(Items(WorkflowDriver.WithFollowUp(Plan("1.1", "2.1", "3.1"), "R3.1", true), "R3.1"));
        Assert.False(driver.State.FinalReviewDone);
        Assert.False(driver.State.ReadmeDone);
        Assert.Equal(new VerifyInput(3, 2), driver.Running.Request);
        var final2 = driver.State.Beside.Single(b => b.Request is VerifyInput { Phase: 0 });
        Assert.NotEqual(final.Id, final2.Id);
        Assert.Contains(driver.State.Beside, b => b.Request is ReadmeInput);
    }

    [Fact]
    public void GapsTheFinalReviewFindsBesideTestsThatPass_AreFixed_AndTheTestsRunAgain()
    {
        var driver = AtTheLastReview();
        var final = driver.State.Beside.Single(b => b.Request is VerifyInput { Phase: 0 });
        var readme = driver.State.Beside.Single(b => b.Request is ReadmeInput);
        driver.Report(new VerifyResult(3, [], Plan("1.1", "2.1", "3.1")));
        Assert.IsType<TestInput>(driver.Running.Request);

        var withGap = WorkflowDriver.WithFollowUp(Plan("1.1", "2.1", "3.1"), "R0.1", false);
        ReportBeside(driver, final, new VerifyResult(0, [new VerificationGap("Handle an empty file", "fp-0")], withGap));
        driver.Report(new TestResult(TestOutcome.Passed, "python3 -m unittest", 0, 1.5, "OK"));
        Assert.Equal(["R0.1"], Assert.IsType<ImplementItemsInput>(driver.Running.Request).ItemIds);

        driver.Report(Items(WorkflowDriver.WithFollowUp(Plan("1.1", "2.1", "3.1"), "R0.1", true), "R0.1"));
        Assert.IsType<TestInput>(driver.Running.Request);
        driver.Report(new TestResult(TestOutcome.Passed, "python3 -m unittest", 0, 1.5, "OK"));
        // One round of final review (as when it runs alone); the README begun before the fix is waited for, does not
        // count, and is written again.
        Assert.Null(driver.State.Step);
        ReportBeside(driver, readme, new ReadmeResult());
        Assert.False(driver.State.ReadmeDone);
        Assert.IsType<ReadmeInput>(driver.Running.Request);
        driver.Report(new ReadmeResult());
        Assert.IsType<PackageInput>(driver.Running.Request);
    }

    [Fact]
    public void AFinalReviewThatPassesAfterAnItemLanded_DoesNotCount()
    {
        var driver = AtTheLastReview();
        var final = driver.State.Beside.Single(b => b.Request is VerifyInput { Phase: 0 });
        var withGap = WorkflowDriver.WithFollowUp(Plan("1.1", "2.1", "3.1"), "R3.1", false);
        driver.Report(new VerifyResult(3, [new VerificationGap("Handle an empty file", "fp-3")], withGap));
        driver.Report(Items(WorkflowDriver.WithFollowUp(Plan("1.1", "2.1", "3.1"), "R3.1", true), "R3.1"));

        // It read the code before R3.1 landed.
        ReportBeside(driver, final, new VerifyResult(0, [], withGap));
        Assert.False(driver.State.FinalReviewDone);
        Assert.DoesNotContain(driver.News, n => n is ReviewPassed { Phase: 0 });
    }

    [Fact]
    public void TheSameFindingFromTwoReviewsAtOnce_IsNotARepeat_ButOneAfterItsFixIs()
    {
        var driver = AtTheLastReview();
        var final = driver.State.Beside.Single(b => b.Request is VerifyInput { Phase: 0 });
        var withGap = WorkflowDriver.WithFollowUp(Plan("1.1", "2.1", "3.1"), "R3.1", false);
        driver.Report(new VerifyResult(3, [new VerificationGap("Handle an empty file", "fp-same")], withGap));

        // The final review ran beside and saw the same gap: not a finding that came back after its fix.
        ReportBeside(driver, final, new VerifyResult(0, [new VerificationGap("Handle an empty file", "fp-same")], withGap));
        Assert.NotEqual(ProjectState.Paused, driver.State.State);

        // After the fix, phase 3's second review reports it again: that is a repeat, and the user is asked.
        driver.Report(Items(WorkflowDriver.WithFollowUp(Plan("1.1", "2.1", "3.1"), "R3.1", true), "R3.1"));
        Assert.Equal(new VerifyInput(3, 2), driver.Running.Request);
        driver.Report(new VerifyResult(3, [new VerificationGap("Handle an empty file", "fp-same")], WorkflowDriver.WithFollowUp(Plan("1.1", "2.1", "3.1"), "R3.1", true)));
        Assert.Equal(ProjectState.Paused, driver.State.State);
        Assert.Contains(driver.News, n => n is PausedReviewRepeats { Phase: 3 });
    }

    [Fact]
    public void AReviewBesideThatFails_IsDoneAgainInTheMainLine_AndNoMoreRunBeside()
    {
        var driver = Implementing();
        driver.Report(Done("1.1", Plan("1.1")));
        var review = driver.State.Beside[0];

        ReportBeside(driver, review, new ModelUnavailable("no model answered"));
        Assert.Empty(driver.State.Beside);
        Assert.True(driver.State.BesideFailed);
        // Not a pause, not a failure: the items step goes on.
        Assert.Equal(ProjectState.Implementing, driver.State.State);
        Assert.DoesNotContain(driver.News, n => n is WaitingForModelProvider or ProjectPaused);

        driver.Report(Items(Plan("1.1", "2.1"), "2.1"));
        Assert.Equal(new VerifyInput(1, 1), driver.Running.Request);
        Assert.Empty(driver.State.Beside);
    }

    [Fact]
    public void ALostSilo_SendsTheStepsBesideAgain_WithTheSameIds()
    {
        var driver = Implementing();
        driver.Report(Done("1.1", Plan("1.1")));
        var review = driver.State.Beside[0];
        var items = driver.Running;

        driver.Apply(new SiloDied(true));

        Assert.Equal([review.Id, items.Id], driver.Last.Dispatch.Select(s => s.Id).Order());
        Assert.Equal(2, driver.State.Beside[0].Attempt);
        Assert.Equal(2, driver.Running.Attempt);

        // A step beside silent past the lease is sent again too.
        driver.Now += driver.Options.StepLease + TimeSpan.FromSeconds(1);
        driver.Report(Items(Plan("1.1", "2.1"), "2.1"));
        driver.Tick();
        Assert.Contains(driver.Last.Dispatch, s => s.Id == review.Id && s.Attempt == 3);
    }

    [Fact]
    public void Cancelling_DoesNotWaitForTheStepsBeside_AndTheirLateReportsChangeNothing()
    {
        var driver = Implementing();
        driver.Report(Done("1.1", Plan("1.1")));
        var review = driver.State.Beside[0];
        driver.Report(Items(Plan("1.1", "2.1"), "2.1"));
        var review2 = driver.State.Beside.Single(b => b.Id != review.Id);

        driver.Apply(new CancelProject(WorkflowDriver.Owner));
        driver.Report(Items(Plan("1.1", "2.1", "3.1"), "3.1"));

        Assert.Equal(ProjectState.Delivering, driver.State.State);
        Assert.IsType<PackageInput>(driver.Running.Request);
        Assert.Empty(driver.State.Beside);
        var before = driver.State;
        ReportBeside(driver, review2, new VerifyResult(2, [new VerificationGap("Late", "fp-late")], WithFinding(Plan("1.1", "2.1"))));
        Assert.False(driver.Last.Changed);
        Assert.Same(before, driver.State);
    }

    private static bool Progress(WorkflowDriver driver, PlanSnapshot plan, params string[] landed)
    {
        driver.Apply(new StepProgressed(new StepReport(driver.Running.Id, driver.Running.Attempt, Items(plan, landed)), driver.CreditsUsed));
        return ProjectWorkflow.GoesOn(driver.State, driver.Running.Id);
    }

    [Fact]
    public void ItemsReportedWhileTheStepRuns_CountAtOnce_RenewItsLease_AndStartTheReviewOfAPhaseTheyComplete()
    {
        var driver = Implementing();
        Assert.Equal(["1.1", "2.1", "3.1"], Assert.IsType<ImplementItemsInput>(driver.Running.Request).ItemIds);
        var step = driver.Running.Id;
        driver.Now += TimeSpan.FromMinutes(10);

        Assert.True(Progress(driver, Plan("1.1"), "1.1"));

        Assert.Equal(step, driver.Running.Id);
        Assert.Equal(driver.Now, driver.Running.DispatchedAt);
        // The user reads what is still to do, not the whole step's list.
        Assert.Equal("2.1, 3.1", driver.State.Doing.ItemId);
        Assert.Equal(["1.1"], driver.News.OfType<ItemDone>().Select(d => d.ItemId));
        Assert.Equal(1, driver.State.TodoDone);
        var review = Assert.Single(driver.State.Beside);
        Assert.Equal(new VerifyInput(1, 1), review.Request);
        Assert.Equal([review.Id], driver.Last.Dispatch.Select(s => s.Id));

        // The step's final report carries the rest.
        driver.Report(Items(Plan("1.1", "2.1", "3.1"), "2.1", "3.1"));
        Assert.Equal(["1.1", "2.1", "3.1"], driver.News.OfType<ItemDone>().Select(d => d.ItemId));
    }

    [Fact]
    public void ARollingStep_ShowsAsManyItemsAsRunAtOnce()
    {
        var driver = new WorkflowDriver(new ProjectOptions { ParallelItems = 2 }, stepsBeside: 4);
        driver.Planning().Report(new PlanResult(50m, Plan()));
        driver.Apply(new StartDevelopment(WorkflowDriver.Owner));

        Assert.Equal(["1.1", "2.1", "3.1"], Assert.IsType<ImplementItemsInput>(driver.Running.Request).ItemIds);
        Assert.Equal(new ProjectActivity(ActivityKind.Implementing, "1.1, 2.1, …"), driver.State.Doing);
    }

    [Fact]
    public void AStepAskedToGoOn_IsToldToStopStartingItems_WhenAFindingWaits_WhenPaused_OrWhenItIsNotTheRunningStep()
    {
        var driver = Implementing();
        Assert.True(Progress(driver, Plan("1.1"), "1.1"));
        var review = driver.State.Beside[0];

        // The review found a gap: it is fixed next, alone, so the items step winds down.
        ReportBeside(driver, review, new VerifyResult(1, [new VerificationGap("Validate input", "fp-1")], WithFinding(Plan("1.1"))));
        Assert.False(Progress(driver, WithFinding(Plan("1.1", "2.1")), "2.1"));
        Assert.False(ProjectWorkflow.GoesOn(driver.State, "s9999"));

        var paused = Implementing();
        paused.Apply(new CancelProject(WorkflowDriver.Owner));
        Assert.False(Progress(paused, Plan("1.1"), "1.1"));

        // A progress report of a step that is not running changes nothing.
        var other = Implementing();
        var before = other.State;
        other.Apply(new StepProgressed(new StepReport("s0999", 1, Items(Plan("1.1"), "1.1")), 0m));
        Assert.False(other.Last.Changed);
        Assert.Same(before, other.State);
    }
}
