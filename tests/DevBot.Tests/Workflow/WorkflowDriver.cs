using DevBot.GrainInterfaces.Projects;
using DevBot.Grains.Projects;
using DevBot.Grains.Projects.Workflow;

namespace DevBot.Tests.Workflow;

/// <summary>
/// Drives <see cref="ProjectWorkflow"/> alone — no grain, no database — through a project's life: commands, typed step
/// results and wake-ups, with a clock of its own. Each stage method brings a fresh project to a named stage the way the
/// pipeline does, so tests can try every input there.
/// </summary>
public sealed class WorkflowDriver
{
    public const long Owner = 42;
    public const long Stranger = 43;

    /// <summary>
    /// A driver whose steps run one at a time unless <paramref name="stepsBeside"/> says how many reviews may run
    /// beside the main step (<see cref="ProjectOptions.StepsBeside"/>; the stage methods below assume one at a time).
    /// </summary>
    public WorkflowDriver(ProjectOptions? options = null, int stepsBeside = 0)
    {
        Options = options ?? new ProjectOptions();
        Options.StepsBeside = stepsBeside;
        Workflow = new ProjectWorkflow(Options);
    }

    public ProjectOptions Options { get; }

    public ProjectWorkflow Workflow { get; }

    public ProjectGrainState State { get; private set; } = new();

    public DateTimeOffset Now { get; set; } = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    public decimal CreditsUsed { get; set; }

    public List<ProjectNews> News { get; } = [];

    public WorkflowDecision Last { get; private set; } = null!;

    /// <summary>The two phases and four items of the sample plan; phase 1's review adds R1.1.</summary>
    public static PlanSnapshot Plan(params string[] done) => new(
    [
        new PlanItem("1.1", "Storage", 1, false, done.Contains("1.1")),
        new PlanItem("1.2", "Store", 1, false, done.Contains("1.2")),
        new PlanItem("1.3", "Tests", 1, false, done.Contains("1.3")),
        new PlanItem("2.1", "CLI", 2, false, done.Contains("2.1")),
    ]);

    public static PlanSnapshot WithFollowUp(PlanSnapshot plan, string id, bool done) =>
        new([.. plan.Items, new PlanItem(id, "Follow-up " + id, 0, true, done)]);

    public ActiveStep Running => State.Step ?? throw new InvalidOperationException("No step runs.");

    public WorkflowDecision Apply(WorkflowInput input)
    {
        Last = Workflow.Decide(State, input, Now);
        State = Last.State;
        News.AddRange(Last.Events.Select(e => e.News));
        return Last;
    }

    public WorkflowDecision Report(StepResult result) =>
        Apply(new StepReported(new StepReport(Running.Id, Running.Attempt, result), CreditsUsed));

    public WorkflowDecision Tick(bool siloGone = false) => Apply(new Tick(siloGone));

    // ---- Stages ---------------------------------------------------------------------------------------------------

    public WorkflowDriver Created()
    {
        Apply(new CreateProject(Owner, "A tool to keep notes from the command line."));
        return this;
    }

    public WorkflowDriver QuestionsOpen()
    {
        Created().Report(new QuestionsResult([new ProjectQuestion("q1", "platforms", "Where?", ["CLI", "Web"])], null, null));
        return this;
    }

    public WorkflowDriver ScopeProposed()
    {
        QuestionsOpen().Apply(new AnswerQuestions(Owner, "CLI"));
        Report(new QuestionsResult([], "Notes CLI", "A notes tool."));
        return this;
    }

    public WorkflowDriver Planning()
    {
        ScopeProposed().Apply(new ConfirmScope(Owner));
        return this;
    }

    public WorkflowDriver AwaitingStart(decimal estimate = 50m)
    {
        Planning().Report(new PlanResult(estimate, Plan()));
        return this;
    }

    public WorkflowDriver Implementing()
    {
        AwaitingStart().Apply(new StartDevelopment(Owner));
        return this;
    }

    /// <summary>Every item done and both phases reviewed clean: the tests are next.</summary>
    public WorkflowDriver Finalizing()
    {
        Implementing();
        foreach (var done in new[] { new[] { "1.1" }, ["1.1", "1.2"], ["1.1", "1.2", "1.3"] })
        {
            Report(new ImplementResult(done[^1], 1, false, Plan(done)));
        }

        Report(new VerifyResult(1, [], Plan("1.1", "1.2", "1.3")));
        Report(new ImplementResult("2.1", 1, false, Plan("1.1", "1.2", "1.3", "2.1")));
        Report(new VerifyResult(2, [], Plan("1.1", "1.2", "1.3", "2.1")));
        return this;
    }

    public WorkflowDriver Delivering()
    {
        Finalizing().Report(new TestResult(TestOutcome.Passed, "python3 -m unittest", 0, 1.5, "OK"));
        Report(new VerifyResult(0, [], Plan("1.1", "1.2", "1.3", "2.1")));
        Report(new ReadmeResult());
        return this;
    }

    public WorkflowDriver Completed()
    {
        Delivering().Report(new PackageResult("notes-cli.zip", 1000, true));
        return this;
    }

    public WorkflowDriver PausedForCredits()
    {
        Implementing().Report(new CreditsExhausted(3m));
        return this;
    }

    public WorkflowDriver PausedAtCap()
    {
        Implementing();
        CreditsUsed = State.Cap;
        Report(new ImplementResult("1.1", 1, false, Plan("1.1")));
        return this;
    }

    public WorkflowDriver PausedOnItem()
    {
        Implementing();
        for (var i = 0; i < Options.MaxItemAttempts; i++)
        {
            Report(new StepFailed(StepFailure.EditsDidNotApply, "SEARCH did not match", "fp-" + i));
        }

        return this;
    }

    public WorkflowDriver Cancelled()
    {
        Implementing().Apply(new CancelProject(Owner));
        Report(new ImplementResult("1.1", 1, false, Plan("1.1")));
        Report(new PackageResult("notes-cli.zip", 500, true));
        return this;
    }

    /// <summary>No model answers, step after step, until the project gives up.</summary>
    public WorkflowDriver Failed()
    {
        Implementing();
        for (var i = 0; i < Options.MaxUnavailableSteps; i++)
        {
            Report(new ModelUnavailable("every provider failed"));
            if (State.State != ProjectState.Failed)
            {
                Tick();
            }
        }

        return this;
    }
}
