using DevBot.GrainInterfaces.Projects;
using DevBot.Grains.Projects;
using DevBot.Grains.Projects.Workflow;

namespace DevBot.Tests.Workflow;

/// <summary>
/// The workflow's rules one by one, against the workflow alone: each step kind's result, verification and test-fix
/// rounds, every pause (credits, cap, decision, loop, lost step, internal problem), cancel at every stage, and
/// resuming after a lost step.
/// </summary>
public sealed class WorkflowTransitionTests
{
    [Fact]
    public void Create_AsksTheFirstQuestions_AndRegistersTheProject()
    {
        var driver = new WorkflowDriver();

        var decision = driver.Apply(new CreateProject(WorkflowDriver.Owner, "  A notes tool\nwith tags  "));

        Assert.Equal(ProjectState.GatheringRequirements, decision.State.State);
        var step = Assert.Single(decision.Dispatch);
        AssertSame(new QuestionsInput("A notes tool\nwith tags", [], 1, false), step.Request);
        Assert.Equal("s0001", step.Id);
        Assert.Equal(driver.Now, step.DispatchedAt);
        Assert.IsType<IdeaReceived>(Assert.Single(decision.Events).News);
        Assert.Contains(new RecordMessage("user", "A notes tool\nwith tags"), decision.Effects);
        Assert.Contains(new RegisterWithUser("A notes tool", driver.Now), decision.Effects);
        Assert.Contains(decision.Effects, e => e is EnsureTick);
        Assert.Equal(ActivityKind.ReadingIdea, decision.State.Doing.Kind);
        Assert.Equal(ProjectGrainState.CurrentVersion, decision.State.Version);
    }

    [Fact]
    public void Questions_ThenAnswers_ThenTheLastRoundAsksForTheScope()
    {
        var driver = new WorkflowDriver(new ProjectOptions { MaxQuestionRounds = 1 }).QuestionsOpen();
        Assert.Equal(ProjectState.ClarifyingDetails, driver.State.State);
        Assert.IsType<QuestionsAsked>(driver.News[^1]);
        Assert.Single(WorkflowProjectStatus(driver).OpenQuestions);

        var answered = driver.Apply(new AnswerQuestions(WorkflowDriver.Owner, " CLI "));

        var input = Assert.IsType<QuestionsInput>(Assert.Single(answered.Dispatch).Request);
        Assert.Equal((2, true), (input.Round, input.LastRound));
        Assert.Equal("CLI", input.Rounds[0].Answers);
        Assert.Empty(WorkflowProjectStatus(driver).OpenQuestions);
        Assert.Equal(ActivityKind.ReadingAnswers, driver.State.Doing.Kind);

        driver.Report(new QuestionsResult([], "Notes CLI", "A notes tool."));
        Assert.Equal(ProjectState.ConfirmingScope, driver.State.State);
        Assert.Equal(new ScopeProposed("Notes CLI", "A notes tool."), driver.News[^1]);
    }

    [Fact]
    public void ScopeCorrection_AsksAgainForTheScope_AsTheLastRound()
    {
        var driver = new WorkflowDriver().ScopeProposed();

        var decision = driver.Apply(new CorrectScope(WorkflowDriver.Owner, "Add tags."));

        Assert.Equal(ProjectState.ClarifyingDetails, decision.State.State);
        var input = Assert.IsType<QuestionsInput>(Assert.Single(decision.Dispatch).Request);
        Assert.True(input.LastRound);
        Assert.Equal("Correction of the proposed scope: Add tags.", input.Rounds[^1].Answers);
        Assert.Equal(ActivityKind.RevisingScope, decision.State.Doing.Kind);
        Assert.IsType<ScopeRevising>(driver.News[^1]);
    }

    [Fact]
    public void Plan_SetsTheEstimateAndTheCap_AndWaitsForTheStart()
    {
        var driver = new WorkflowDriver(new ProjectOptions { CreditCapFactor = 2.5m }).AwaitingStart(estimate: 40.004m);

        Assert.Equal(ProjectState.AwaitingStart, driver.State.State);
        Assert.Equal((40.004m, 100.01m, 0, 4), (driver.State.Estimate, driver.State.Cap, driver.State.TodoDone, driver.State.TodoTotal));
        Assert.Equal(new PlanReady(4, 40.004m, 100.01m), driver.News[^1]);
        Assert.Null(driver.State.Step);
    }

    [Fact]
    public void Implementation_GoesItemByItem_ReviewsEachPhase_AndDoesFollowUpsFirst()
    {
        var driver = new WorkflowDriver().Implementing();
        Assert.Equal(new ImplementInput("Notes CLI", "1.1"), driver.Running.Request);
        Assert.Equal(new ProjectActivity(ActivityKind.Implementing, "1.1", "Storage"), driver.State.Doing);

        driver.Report(new ImplementResult("1.1", 2, false, WorkflowDriver.Plan("1.1")));
        Assert.Equal(new ItemDone("1.1", 2), driver.News[^1]);
        Assert.Equal("1.2", ((ImplementInput)driver.Running.Request!).ItemId);
        driver.Report(new ImplementResult("1.2", 1, false, WorkflowDriver.Plan("1.1", "1.2")));
        driver.Report(new ImplementResult("1.3", 1, false, WorkflowDriver.Plan("1.1", "1.2", "1.3")));

        // Phase 1 done: its review, round 1.
        Assert.Equal(new VerifyInput(1, 1), driver.Running.Request);
        var withGap = WorkflowDriver.WithFollowUp(WorkflowDriver.Plan("1.1", "1.2", "1.3"), "R1.1", done: false);
        driver.Report(new VerifyResult(1, [new VerificationGap("Reject empty titles", "rejectemptytitles")], withGap));
        AssertSame(new ReviewFoundGaps(1, ["Reject empty titles"]), driver.News[^1]);

        // The review's finding comes before phase 2; then phase 1 is reviewed again (round 2).
        Assert.Equal("R1.1", ((ImplementInput)driver.Running.Request!).ItemId);
        driver.Report(new ImplementResult("R1.1", 1, false, WorkflowDriver.WithFollowUp(WorkflowDriver.Plan("1.1", "1.2", "1.3"), "R1.1", done: true)));
        Assert.Equal(new VerifyInput(1, 2), driver.Running.Request);
        driver.Report(new VerifyResult(1, [], WorkflowDriver.WithFollowUp(WorkflowDriver.Plan("1.1", "1.2", "1.3"), "R1.1", done: true)));
        Assert.Equal(new ReviewPassed(1), driver.News[^1]);
        Assert.Equal("2.1", ((ImplementInput)driver.Running.Request!).ItemId);
    }

    [Fact]
    public void Review_ThatKeepsFindingGaps_IsMarkedDoneAfterTheAllowedRounds()
    {
        var driver = new WorkflowDriver(new ProjectOptions { MaxVerificationRounds = 2 }).Implementing();
        foreach (var done in new[] { new[] { "1.1" }, ["1.1", "1.2"], ["1.1", "1.2", "1.3"] })
        {
            driver.Report(new ImplementResult(done[^1], 1, false, WorkflowDriver.Plan(done)));
        }

        var done3 = WorkflowDriver.Plan("1.1", "1.2", "1.3");
        driver.Report(new VerifyResult(1, [new VerificationGap("Gap A", "gapa")], WorkflowDriver.WithFollowUp(done3, "R1.1", false)));
        driver.Report(new ImplementResult("R1.1", 1, false, WorkflowDriver.WithFollowUp(done3, "R1.1", true)));
        driver.Report(new VerifyResult(1, [new VerificationGap("Gap B", "gapb")], WorkflowDriver.WithFollowUp(WorkflowDriver.WithFollowUp(done3, "R1.1", true), "R1.2", false)));
        driver.Report(new ImplementResult("R1.2", 1, false, WorkflowDriver.WithFollowUp(WorkflowDriver.WithFollowUp(done3, "R1.1", true), "R1.2", true)));

        // Two rounds used: phase 1 counts as reviewed, so phase 2 goes on.
        Assert.Contains(1, driver.State.VerifiedPhases);
        Assert.Equal("2.1", ((ImplementInput)driver.Running.Request!).ItemId);
    }

    [Fact]
    public void Review_ReportingTheSameGapsAgain_PausesForADecision_AndSkipMarksItDone()
    {
        var driver = new WorkflowDriver(new ProjectOptions { MaxVerificationRounds = 5 }).Implementing();
        foreach (var done in new[] { new[] { "1.1" }, ["1.1", "1.2"], ["1.1", "1.2", "1.3"] })
        {
            driver.Report(new ImplementResult(done[^1], 1, false, WorkflowDriver.Plan(done)));
        }

        var plan = WorkflowDriver.WithFollowUp(WorkflowDriver.Plan("1.1", "1.2", "1.3"), "R1.1", true);
        driver.Report(new VerifyResult(1, [new VerificationGap("Gap A", "gapa")], WorkflowDriver.WithFollowUp(WorkflowDriver.Plan("1.1", "1.2", "1.3"), "R1.1", false)));
        driver.Report(new ImplementResult("R1.1", 1, false, plan));
        driver.Report(new VerifyResult(1, [new VerificationGap("Gap A again", "gapa")], plan));

        Assert.Equal((ProjectState.Paused, PauseReason.NeedsDecision), (driver.State.State, driver.State.Pause));
        var paused = Assert.IsType<PausedReviewRepeats>(driver.News[^1]);
        Assert.Equal([ResumeChoice.Retry, ResumeChoice.Skip, ResumeChoice.Stop], paused.Choices);
        Assert.Equal(new ReviewDecision(1), driver.State.Decision);

        var resumed = driver.Apply(new ResumeProject(WorkflowDriver.Owner, ResumeDecision.SkipItem, 0m));
        Assert.Equal(ReplyKind.Resumed, resumed.Reply!.Kind);
        Assert.Contains(1, driver.State.VerifiedPhases);
        Assert.Equal("2.1", ((ImplementInput)driver.Running.Request!).ItemId);
        Assert.Null(driver.State.Decision);
    }

    [Fact]
    public void Finalizing_RunsTests_FinalReview_Readme_ThenPackagesAndDelivers()
    {
        var driver = new WorkflowDriver().Finalizing();
        Assert.Equal(ProjectState.Finalizing, driver.State.State);
        Assert.IsType<FinalizingStarted>(driver.News[^1]);
        Assert.IsType<TestInput>(driver.Running.Request);

        driver.Report(new TestResult(TestOutcome.Passed, "python3 -m unittest", 0, 1.25, "OK"));
        Assert.Equal(new TestsPassed("python3 -m unittest", 1.25), driver.News[^1]);
        Assert.Equal(new VerifyInput(0, 1), driver.Running.Request);
        driver.Report(new VerifyResult(0, [], WorkflowDriver.Plan("1.1", "1.2", "1.3", "2.1")));
        Assert.IsType<ReadmeInput>(driver.Running.Request);
        driver.Report(new ReadmeResult());
        Assert.Equal(ProjectState.Delivering, driver.State.State);
        Assert.Equal(new PackageInput("Notes CLI"), driver.Running.Request);
        var delivered = driver.Report(new PackageResult("notes-cli.zip", 1000, true));

        Assert.Equal(ProjectState.Completed, delivered.State.State);
        var news = Assert.IsType<Delivered>(delivered.Events[^1].News);
        Assert.Equal(("notes-cli.zip", true), (news.FileName, news.TestsPassed));
        Assert.Empty(news.Notes);
        Assert.Contains(delivered.Effects, e => e is StopTick);
        Assert.Equal("notes-cli.zip", delivered.State.PackageFileName);
    }

    [Fact]
    public void FailingTests_AreDiagnosed_Fixed_AndRunAgain()
    {
        var driver = new WorkflowDriver().Finalizing();

        driver.Report(new TestResult(TestOutcome.Failed, "pytest", 1, 2, "1 failed"));
        Assert.Equal(new TestsFailed("pytest", 1, false), driver.News[^1]);
        Assert.Equal(new DiagnoseInput(1, "pytest", 1, "1 failed"), driver.Running.Request);
        var withFix = WorkflowDriver.WithFollowUp(WorkflowDriver.Plan("1.1", "1.2", "1.3", "2.1"), "T1.1", false);
        driver.Report(new DiagnoseResult(["Fix the store"], withFix));
        Assert.Equal(new FixesPlanned(1), driver.News[^1]);
        Assert.Equal("T1.1", ((ImplementInput)driver.Running.Request!).ItemId);
        driver.Report(new ImplementResult("T1.1", 1, false, WorkflowDriver.WithFollowUp(WorkflowDriver.Plan("1.1", "1.2", "1.3", "2.1"), "T1.1", true)));

        Assert.IsType<TestInput>(driver.Running.Request);
    }

    [Fact]
    public void TestsThatKeepFailing_AreGivenUpAfterTheFixRounds_AndTheDeliverySaysSo()
    {
        var driver = new WorkflowDriver(new ProjectOptions { MaxTestFixRounds = 1 }).Finalizing();
        var all = WorkflowDriver.Plan("1.1", "1.2", "1.3", "2.1");

        driver.Report(new TestResult(TestOutcome.Failed, "pytest", 1, 2, "1 failed"));
        driver.Report(new DiagnoseResult(["Fix"], WorkflowDriver.WithFollowUp(all, "T1.1", false)));
        driver.Report(new ImplementResult("T1.1", 1, false, WorkflowDriver.WithFollowUp(all, "T1.1", true)));
        driver.Report(new TestResult(TestOutcome.Stopped, "pytest", -1, 600, "[stopped]"));

        Assert.Equal(TestStage.GaveUp, driver.State.Tests);
        AssertSame(new TestsNotPassing(TestOutcome.Stopped, 1, "pytest", -1, "[stopped]"), driver.News[^1]);
        Assert.Equal(new VerifyInput(0, 1), driver.Running.Request);
        driver.Report(new VerifyResult(0, [], WorkflowDriver.WithFollowUp(all, "T1.1", true)));
        driver.Report(new ReadmeResult());
        var delivered = Assert.IsType<Delivered>(driver.Report(new PackageResult("p.zip", 1, true)).Events[^1].News);
        Assert.False(delivered.TestsPassed);
        AssertSame(new TestsStillFailNote(1, "pytest", -1), Assert.Single(delivered.Notes));
    }

    [Theory]
    [InlineData(TestOutcome.NoTestCommand)]
    [InlineData(TestOutcome.SandboxUnavailable)]
    public void TestsThatCannotRun_AreNoted_AndTheProjectGoesOn(TestOutcome outcome)
    {
        var driver = new WorkflowDriver().Finalizing();

        driver.Report(new TestResult(outcome, string.Empty, -1, 0, "why not"));

        Assert.Equal(TestStage.GaveUp, driver.State.Tests);
        Assert.Equal([new TestsNotRunNote(outcome, "why not")], driver.State.DeliveryNotes);
        Assert.Equal(new VerifyInput(0, 1), driver.Running.Request);
    }

    [Fact]
    public void ItemFailingRepeatedly_PausesAfterTheAttempts_AndSkipNotesIt()
    {
        var driver = new WorkflowDriver(new ProjectOptions { MaxItemAttempts = 3 }).PausedOnItem();

        var paused = Assert.IsType<PausedItemFailing>(driver.News[^1]);
        Assert.Equal(("1.1", 3, false), (paused.ItemId, paused.Attempts, paused.SameEdit));
        Assert.Equal(new ItemDecision("1.1"), driver.State.Decision);

        driver.Apply(new ResumeProject(WorkflowDriver.Owner, ResumeDecision.SkipItem, 0m));
        Assert.Equal("1.2", ((ImplementInput)driver.Running.Request!).ItemId);
        Assert.Equal([new ItemSkippedNote("1.1")], driver.State.DeliveryNotes);
        Assert.Empty(driver.State.ItemFailures);
    }

    [Fact]
    public void ItemFailingWithTheSameAnswer_PausesAtOnce()
    {
        var driver = new WorkflowDriver(new ProjectOptions { MaxItemAttempts = 5 }).Implementing();

        driver.Report(new StepFailed(StepFailure.EditsDidNotApply, "no match", "same"));
        Assert.Equal(ProjectState.Implementing, driver.State.State);
        Assert.Equal("1.1", ((ImplementInput)driver.Running.Request!).ItemId);
        driver.Report(new StepFailed(StepFailure.EditsDidNotApply, "no match", "same"));

        var paused = Assert.IsType<PausedItemFailing>(driver.News[^1]);
        Assert.Equal((2, true), (paused.Attempts, paused.SameEdit));
    }

    [Fact]
    public void ItemRetried_AfterAPause_StartsItsAttemptsAfresh()
    {
        var driver = new WorkflowDriver(new ProjectOptions { MaxItemAttempts = 2 }).Implementing();
        driver.Report(new StepFailed(StepFailure.EditsDidNotApply, "x", "a"));
        driver.Report(new StepFailed(StepFailure.EditsDidNotApply, "x", "b"));
        Assert.Equal(ProjectState.Paused, driver.State.State);

        driver.Apply(new ResumeProject(WorkflowDriver.Owner, ResumeDecision.Retry, 0m));

        Assert.Equal(ProjectState.Implementing, driver.State.State);
        Assert.Empty(driver.State.ItemFailures);
        Assert.Equal("1.1", ((ImplementInput)driver.Running.Request!).ItemId);
    }

    [Theory]
    [InlineData(StepKind.Questions)]
    [InlineData(StepKind.Plan)]
    public void ArchitectStepFailing_PausesWithRetryOrStop_AndRetryDispatchesItAgain(StepKind kind)
    {
        var driver = kind == StepKind.Questions ? new WorkflowDriver().Created() : new WorkflowDriver().Planning();
        var failed = driver.Running;

        driver.Report(new StepFailed(StepFailure.MalformedAnswer, "not JSON", null));
        AssertSame(new PausedStepFailed(kind, "not JSON") { Choices = [ResumeChoice.Retry, ResumeChoice.Stop] }, driver.News[^1]);
        Assert.Equal(new StepDecision(kind), driver.State.Decision);

        var retried = driver.Apply(new ResumeProject(WorkflowDriver.Owner, ResumeDecision.Retry, 0m));
        var again = Assert.Single(retried.Dispatch);
        Assert.Equal((failed.Id, failed.Attempt + 1, failed.Request), (again.Id, again.Attempt, again.Request));
    }

    [Fact]
    public void CreditsRunningOut_PauseUntilTheRefusedStepCanBePaid_ThenRetryIt()
    {
        var driver = new WorkflowDriver().PausedForCredits();
        Assert.Equal((ProjectState.Paused, PauseReason.NoCredits), (driver.State.State, driver.State.Pause));
        AssertSame(new PausedForCredits(3m) { Choices = [ResumeChoice.Retry] }, driver.News[^1]);
        var refused = driver.State.RetryStep!;

        var early = driver.Apply(new ResumeProject(WorkflowDriver.Owner, ResumeDecision.Retry, 2.99m));
        Assert.Equal(new CommandReply(ReplyKind.NeedsCredits, 2.99m, 3m), early.Reply);

        var resumed = driver.Apply(new ResumeProject(WorkflowDriver.Owner, ResumeDecision.Retry, 3m));
        Assert.Equal(ReplyKind.Resumed, resumed.Reply!.Kind);
        Assert.Equal((refused.Id, refused.Attempt + 1), (driver.Running.Id, driver.Running.Attempt));
        Assert.IsType<Resumed>(driver.News[^1]);
    }

    [Fact]
    public void CapReached_PausesWithRaiseCapOrStop_AndRaisingItGoesOn()
    {
        var driver = new WorkflowDriver().PausedAtCap();
        Assert.Equal((ProjectState.Paused, PauseReason.CreditCapReached), (driver.State.State, driver.State.Pause));
        Assert.Equal([ResumeChoice.RaiseCap, ResumeChoice.Stop], Assert.IsType<PausedAtCap>(driver.News[^1]).Choices);

        var raised = driver.Apply(new RaiseCap(WorkflowDriver.Owner, 25m));

        Assert.Equal(new CommandReply(ReplyKind.CapRaisedAndResumed, driver.State.Cap), raised.Reply);
        Assert.Equal(ProjectState.Implementing, driver.State.State);
        Assert.Equal("1.2", ((ImplementInput)driver.Running.Request!).ItemId);
    }

    [Fact]
    public void ModelUnavailable_IsRetriedOnTheNextTick_AndGivesUpAfterTheLimit()
    {
        var driver = new WorkflowDriver(new ProjectOptions { MaxUnavailableSteps = 3 }).Implementing();
        var step = driver.Running;

        driver.Report(new ModelUnavailable("429 everywhere"));
        Assert.Null(driver.State.Step);
        Assert.Equal(ActivityKind.WaitingForModel, driver.State.Doing.Kind);
        var tick = driver.Tick();
        Assert.Equal((step.Id, 2), (Assert.Single(tick.Dispatch).Id, driver.Running.Attempt));

        driver.Report(new ModelUnavailable("429"));
        driver.Tick();
        driver.Report(new ModelUnavailable("still 429"));

        Assert.Equal(ProjectState.Failed, driver.State.State);
        Assert.Equal(new ProjectFailed(FailureReason.NoModel, "still 429"), driver.News[^1]);
    }

    [Fact]
    public void ModelUnavailable_IsToldOnceAtTheFirstFailedStep_AndAgainOnlyWhenTheProviderIsBack()
    {
        var driver = new WorkflowDriver(new ProjectOptions { MaxUnavailableSteps = 4 }).Implementing();
        var before = driver.News.Count;

        driver.Report(new ModelUnavailable("ServerError (HTTP 0) from scripted/scripted-implementer"));
        Assert.Equal(new WaitingForModelProvider(3), driver.News[^1]);
        driver.Tick();
        driver.Report(new ModelUnavailable("again"));
        driver.Tick();
        Assert.Single(driver.News.Skip(before).OfType<WaitingForModelProvider>());

        driver.Report(new ImplementResult("1.1", 1, false, WorkflowDriver.Plan("1.1")));

        Assert.Single(driver.News.Skip(before).OfType<ModelProviderBack>());
        Assert.Equal(0, driver.State.UnavailableSteps);
    }

    [Fact]
    public void RevisePlan_AtThePlanStage_RevisesAndEstimatesAgain_WithinTheConfiguredRounds()
    {
        var driver = new WorkflowDriver(new ProjectOptions { MaxPlanRevisions = 2 }).AwaitingStart(estimate: 50m);

        var asked = driver.Apply(new RevisePlan(WorkflowDriver.Owner, "  Use SQLite instead of a JSON file.  "));

        Assert.Equal(new CommandReply(ReplyKind.PlanBeingRevised), asked.Reply);
        Assert.Equal(ProjectState.Planning, driver.State.State);
        Assert.Equal(new RevisePlanInput("Notes CLI", "Use SQLite instead of a JSON file.", 1), driver.Running.Request);
        Assert.Equal(ActivityKind.RevisingPlan, driver.State.Doing.Kind);
        Assert.Equal(new PlanRevising(1), driver.News[^1]);
        // While the Architect revises, the old estimate's "Start" does not start anything.
        Assert.Equal(ReplyKind.Busy, driver.Apply(new StartDevelopment(WorkflowDriver.Owner)).Reply!.Kind);

        var revised = WorkflowDriver.Plan() with { Items = [.. WorkflowDriver.Plan().Items.Where(i => i.Id != "1.3"), new PlanItem("2.2", "SQLite storage", 2, false, false)] };
        driver.Report(new PlanRevisedResult(60m, revised, ["TODO.md", "docs/architecture.md"]));

        Assert.Equal(ProjectState.AwaitingStart, driver.State.State);
        Assert.Equal((60m, 120m), (driver.State.Estimate, driver.State.Cap));
        var news = Assert.IsType<PlanRevised>(driver.News[^1]);
        Assert.Equal((1, 2, 50m, 60m), (news.Round, news.MaxRounds, news.PreviousEstimate, news.Estimate));
        Assert.Equal(["2.2 SQLite storage"], news.Added);
        Assert.Single(news.Removed, r => r.StartsWith("1.3 ", StringComparison.Ordinal));
        Assert.Equal(["TODO.md", "docs/architecture.md"], news.ChangedFiles);

        driver.Apply(new RevisePlan(WorkflowDriver.Owner, "Also tags."));
        driver.Report(new PlanRevisedResult(61m, revised, ["TODO.md"]));
        var third = driver.Apply(new RevisePlan(WorkflowDriver.Owner, "And colours."));

        Assert.Equal(new CommandReply(ReplyKind.PlanRevisionsUsed, 2, 2), third.Reply);
        Assert.Equal(ReplyKind.PlanChangeMissing, driver.Apply(new RevisePlan(WorkflowDriver.Owner, "  ")).Reply!.Kind);
        Assert.Equal(ReplyKind.DevelopmentStarted, driver.Apply(new StartDevelopment(WorkflowDriver.Owner)).Reply!.Kind);
        Assert.Equal(ReplyKind.Busy, driver.Apply(new RevisePlan(WorkflowDriver.Owner, "Too late.")).Reply!.Kind);
    }

    [Fact]
    public void SuccessAfterUnavailableModels_ResetsTheCount()
    {
        var driver = new WorkflowDriver(new ProjectOptions { MaxUnavailableSteps = 2 }).Implementing();
        driver.Report(new ModelUnavailable("x"));
        driver.Tick();

        driver.Report(new ImplementResult("1.1", 1, false, WorkflowDriver.Plan("1.1")));

        Assert.Equal(0, driver.State.UnavailableSteps);
    }

    [Theory]
    [InlineData("Created")]
    [InlineData("Planning")]
    [InlineData("Implementing")]
    [InlineData("Finalizing")]
    public void Cancel_WhileAStepRuns_StopsAfterIt_AndDeliversThePartialWork(string stage)
    {
        var driver = WorkflowCommandTests.At(stage);
        var used = driver.State.CreditsUsed;

        var asked = driver.Apply(new CancelProject(WorkflowDriver.Owner));
        Assert.Equal(new CommandReply(ReplyKind.StoppingAfterStep, used), asked.Reply);
        Assert.IsType<StopRequested>(driver.News[^1]);
        Assert.Empty(asked.Dispatch);

        // The running step reports: nothing new starts but the package of what is there.
        var step = driver.Running;
        var after = driver.Report(step.Kind switch
        {
            StepKind.Questions => new QuestionsResult([new ProjectQuestion("q", "t", "?", [])], null, null),
            StepKind.Plan => new PlanResult(10m, WorkflowDriver.Plan()),
            StepKind.Implement => new ImplementResult("1.1", 1, false, WorkflowDriver.Plan("1.1")),
            _ => new TestResult(TestOutcome.Passed, "t", 0, 1, "ok"),
        });
        Assert.IsType<PackageInput>(Assert.Single(after.Dispatch).Request);
        Assert.Equal((ProjectState.Delivering, ActivityKind.Stopping), (driver.State.State, driver.State.Doing.Kind));

        var cancelled = driver.Report(new PackageResult("partial.zip", 10, true));
        Assert.Equal(ProjectState.Cancelled, cancelled.State.State);
        Assert.Equal(new Cancelled("partial.zip"), cancelled.Events[^1].News);
    }

    [Theory]
    [InlineData("QuestionsOpen")]
    [InlineData("ScopeProposed")]
    [InlineData("AwaitingStart")]
    [InlineData("PausedForCredits")]
    [InlineData("PausedAtCap")]
    [InlineData("PausedOnItem")]
    public void Cancel_WhileWaitingForTheUser_PackagesAtOnce(string stage)
    {
        var driver = WorkflowCommandTests.At(stage);

        var decision = driver.Apply(new CancelProject(WorkflowDriver.Owner));

        Assert.Equal(ReplyKind.Stopping, decision.Reply!.Kind);
        Assert.IsType<PackageInput>(Assert.Single(decision.Dispatch).Request);
        Assert.Equal((ProjectState.Delivering, PauseReason.None), (driver.State.State, driver.State.Pause));
        Assert.Null(driver.State.RetryStep);
        Assert.Contains(new RecordMessage("user", "/cancel"), decision.Effects);
    }

    [Fact]
    public void Cancel_BeforeAnythingWasCommitted_EndsWithNoPackage()
    {
        var driver = new WorkflowDriver().QuestionsOpen();
        driver.Apply(new CancelProject(WorkflowDriver.Owner));

        var ended = driver.Report(new PackageResult(null, 0, false));

        Assert.Equal(new Cancelled(null), ended.Events[^1].News);
        Assert.Null(ended.State.PackageFileName);
    }

    [Fact]
    public void StaleReport_OfAnotherStep_IsIgnored()
    {
        var driver = new WorkflowDriver().Implementing();
        var before = WorkflowCommandTests.Snapshot(driver.State);

        var decision = driver.Apply(new StepReported(new StepReport("s0001", 1, new ImplementResult("1.1", 1, false, WorkflowDriver.Plan("1.1"))), 5m));

        Assert.False(decision.Changed);
        Assert.Equal(before, WorkflowCommandTests.Snapshot(decision.State));
    }

    [Fact]
    public void Report_OfTheWrongKind_CountsAsAFailureOfTheStep()
    {
        var driver = new WorkflowDriver().Planning();

        driver.Report(new ReadmeResult());

        var paused = Assert.IsType<PausedStepFailed>(driver.News[^1]);
        Assert.Equal(StepKind.Plan, paused.Step);
        Assert.Contains("ReadmeResult", paused.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Tick_RedispatchesAStepPastItsLease_OrWhoseSiloIsGone()
    {
        var driver = new WorkflowDriver(new ProjectOptions { StepLease = TimeSpan.FromMinutes(15) }).Implementing();
        var step = driver.Running;

        Assert.Empty(driver.Tick().Dispatch);
        Assert.Equal(step.Id, Assert.Single(driver.Tick(siloGone: true).Dispatch).Id);
        Assert.Equal(2, driver.Running.Attempt);
        driver.Now += TimeSpan.FromMinutes(10);
        Assert.Empty(driver.Tick().Dispatch);
        driver.Now += TimeSpan.FromMinutes(6);
        Assert.Equal(3, Assert.Single(driver.Tick().Dispatch).Attempt);
        Assert.Equal(driver.Now, driver.Running.DispatchedAt);
    }

    [Fact]
    public void SiloDied_RedispatchesOnlyWhenItWasTheStepsSilo()
    {
        var driver = new WorkflowDriver().Implementing();

        Assert.False(driver.Apply(new SiloDied(false)).Changed);
        Assert.Single(driver.Apply(new SiloDied(true)).Dispatch);
    }

    [Fact]
    public void StepLostAgainAndAgain_PausesWithRetryOrStop_AndRetryStartsAfresh()
    {
        var driver = new WorkflowDriver(new ProjectOptions { MaxStepDispatches = 3 }).Implementing();
        driver.Tick(siloGone: true);
        driver.Tick(siloGone: true);

        var lost = driver.Tick(siloGone: true);

        Assert.Empty(lost.Dispatch);
        AssertSame(new PausedStepLost(StepKind.Implement, 3) { Choices = [ResumeChoice.Retry, ResumeChoice.Stop] }, driver.News[^1]);
        var retried = driver.Apply(new ResumeProject(WorkflowDriver.Owner, ResumeDecision.Retry, 0m));
        Assert.Equal(4, Assert.Single(retried.Dispatch).Attempt);
    }

    [Fact]
    public void WakeUpsThatKeepFailing_PauseAfterTheLimit_AndAWorkingOneResetsTheCount()
    {
        var driver = new WorkflowDriver(new ProjectOptions { MaxFailedTicks = 3 }).Implementing();
        driver.Apply(new WakeFailed("db down"));
        driver.Apply(new WakeFailed("db down"));
        Assert.Equal(ProjectState.Implementing, driver.State.State);
        driver.Tick();
        Assert.Equal(0, driver.State.FailedTicks);

        driver.Apply(new WakeFailed("db down"));
        driver.Apply(new WakeFailed("db down"));
        var step = driver.Running;
        driver.Apply(new WakeFailed("db down"));

        AssertSame(new PausedInternalProblem(3) { Choices = [ResumeChoice.Retry, ResumeChoice.Stop] }, driver.News[^1]);
        Assert.Equal(new InfrastructureDecision(), driver.State.Decision);
        Assert.Equal(step.Id, driver.State.RetryStep!.Id);
        Assert.Equal(step.Id, Assert.Single(driver.Apply(new ResumeProject(WorkflowDriver.Owner, ResumeDecision.Retry, 0m)).Dispatch).Id);
    }

    [Fact]
    public void Tick_OnAnEndedProject_RemovesItsWakeUp()
    {
        var driver = new WorkflowDriver().Completed();

        Assert.Contains(driver.Tick().Effects, e => e is StopTick);
    }

    [Fact]
    public void Purge_KeepsTheNumbers_AndDropsEveryWord()
    {
        var driver = new WorkflowDriver().Completed();

        var purged = ProjectWorkflow.Purged(driver.State);

        Assert.Equal((driver.State.CreditsUsed, driver.State.EventSeq, driver.State.UserId), (purged.CreditsUsed, purged.EventSeq, purged.UserId));
        Assert.Equal((string.Empty, ProjectWorkflow.PurgedTitle, null), (purged.Idea, purged.Title, purged.Scope));
        Assert.Empty(purged.Rounds);
        Assert.Null(purged.Plan);
        Assert.Equal(ActivityKind.DataDeleted, purged.Doing.Kind);
        Assert.Equal("notes-cli.zip", driver.State.PackageFileName);
    }

    [Fact]
    public void Copy_HasEveryPropertyOfTheState_AndSharesNothingMutable()
    {
        var state = new WorkflowDriver().PausedOnItem().State;
        state.Notes.Add("legacy");
        state.SkippedItems.Add("9.9");
        state.VerifyRounds[1] = 2;
        state.VerifiedPhases.Add(1);
        state.FindingFingerprints.Add("f");
        state.RetryStep = DevBot.Grains.Projects.Workflow.ProjectStateCopy.Of(state.RetryStep ?? new ActiveStep { Id = "s9", Input = "x" });
        state.Step = new ActiveStep { Id = "s10", Input = "legacy", Silo = "S1", Request = new TestInput() };
        foreach (var property in typeof(ProjectGrainState).GetProperties())
        {
            // Every property must hold something other than its default, or a forgotten one would pass unnoticed.
            var value = property.GetValue(state);
            if (value is null || (value.GetType().IsValueType && value.Equals(Activator.CreateInstance(value.GetType()))))
            {
                property.SetValue(state, property.PropertyType == typeof(string) ? "x" : property.PropertyType == typeof(bool) ? true
                    : property.PropertyType == typeof(int) ? 7 : property.PropertyType == typeof(decimal) ? 7m : property.PropertyType == typeof(long) ? 7L
                    : property.PropertyType == typeof(DateTimeOffset) ? DateTimeOffset.UnixEpoch.AddDays(1)
                    : property.PropertyType.IsEnum ? Enum.GetValues(property.PropertyType).GetValue(1)
                    : property.PropertyType == typeof(PendingDecision) ? new ItemDecision("1.1")
                    : property.PropertyType == typeof(PlanSnapshot) ? WorkflowDriver.Plan() : value);
            }

            Assert.True(property.GetValue(state) is { } v && (!v.GetType().IsValueType || !v.Equals(Activator.CreateInstance(v.GetType()))), property.Name);
        }

        var copy = DevBot.Grains.Projects.Workflow.ProjectStateCopy.Of(state);

        Assert.Equal(WorkflowCommandTests.Snapshot(state), WorkflowCommandTests.Snapshot(copy));
        Assert.NotSame(state.Rounds, copy.Rounds);
        Assert.NotSame(state.Rounds[0], copy.Rounds[0]);
        Assert.NotSame(state.Step, copy.Step);
        Assert.NotSame(state.ItemFailures, copy.ItemFailures);
        Assert.NotSame(state.DeliveryNotes, copy.DeliveryNotes);
    }

    /// <summary>Equal as data: records holding lists compare their lists' contents (record equality would compare references).</summary>
    private static void AssertSame(object expected, object? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.GetType(), actual.GetType());
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(expected, expected.GetType()), System.Text.Json.JsonSerializer.Serialize(actual, actual.GetType()));
    }

    private static ProjectStatus WorkflowProjectStatus(WorkflowDriver driver) => ProjectWorkflow.StatusOf(Guid.Empty, driver.State);
}
