using System.Text.Json;
using DevBot.GrainInterfaces.Projects;
using DevBot.Grains.Projects.Workflow;

namespace DevBot.Tests.Workflow;

/// <summary>
/// Every user command at every stage of a project, against the workflow alone: what is taken, what is refused and why,
/// and that a refusal changes nothing.
/// </summary>
public sealed class WorkflowCommandTests
{
    public static readonly string[] Stages =
    [
        "Created", "QuestionsOpen", "ScopeProposed", "Planning", "AwaitingStart", "Implementing", "Finalizing", "Delivering",
        "PausedForCredits", "PausedAtCap", "PausedOnItem", "Completed", "Cancelled", "Failed",
    ];

    public static readonly string[] Commands =
    [
        "Create", "Answer", "Confirm", "Correct", "Start", "Retry", "Skip", "Stop", "RaiseCap", "Cancel", "StrangerAnswer", "StrangerCancel",
    ];

    /// <summary>What each command gets at each stage (rows: stages in <see cref="Stages"/> order; columns: <see cref="Commands"/>).</summary>
    private static readonly Dictionary<string, ReplyKind[]> Expected = new()
    {
        //                      Create                    Answer                       Confirm                               Correct                               Start                          Retry                  Skip                   Stop                      RaiseCap                         Cancel                         StrangerAnswer        StrangerCancel
        ["Created"] =          [ReplyKind.AlreadyExists, ReplyKind.Busy,              ReplyKind.Busy,                       ReplyKind.Busy,                       ReplyKind.Busy,                ReplyKind.NotPaused,   ReplyKind.NotPaused,   ReplyKind.NotPaused,      ReplyKind.CapRaised,             ReplyKind.StoppingAfterStep,   ReplyKind.NotYours,   ReplyKind.NotYours],
        ["QuestionsOpen"] =    [ReplyKind.AlreadyExists, ReplyKind.AnswersTaken,      ReplyKind.ExpectingAnswers,           ReplyKind.ExpectingAnswers,           ReplyKind.ExpectingAnswers,    ReplyKind.NotPaused,   ReplyKind.NotPaused,   ReplyKind.NotPaused,      ReplyKind.CapRaised,             ReplyKind.Stopping,            ReplyKind.NotYours,   ReplyKind.NotYours],
        ["ScopeProposed"] =    [ReplyKind.AlreadyExists, ReplyKind.ExpectingScopeConfirmation, ReplyKind.PlanningStarted,  ReplyKind.ScopeBeingRevised,          ReplyKind.ExpectingScopeConfirmation, ReplyKind.NotPaused, ReplyKind.NotPaused, ReplyKind.NotPaused, ReplyKind.CapRaised,             ReplyKind.Stopping,            ReplyKind.NotYours,   ReplyKind.NotYours],
        ["Planning"] =         [ReplyKind.AlreadyExists, ReplyKind.Busy,              ReplyKind.Busy,                       ReplyKind.Busy,                       ReplyKind.Busy,                ReplyKind.NotPaused,   ReplyKind.NotPaused,   ReplyKind.NotPaused,      ReplyKind.CapRaised,             ReplyKind.StoppingAfterStep,   ReplyKind.NotYours,   ReplyKind.NotYours],
        ["AwaitingStart"] =    [ReplyKind.AlreadyExists, ReplyKind.ExpectingStart,    ReplyKind.ExpectingStart,             ReplyKind.ExpectingStart,             ReplyKind.DevelopmentStarted,  ReplyKind.NotPaused,   ReplyKind.NotPaused,   ReplyKind.NotPaused,      ReplyKind.CapRaised,             ReplyKind.Stopping,            ReplyKind.NotYours,   ReplyKind.NotYours],
        ["Implementing"] =     [ReplyKind.AlreadyExists, ReplyKind.Busy,              ReplyKind.Busy,                       ReplyKind.Busy,                       ReplyKind.Busy,                ReplyKind.NotPaused,   ReplyKind.NotPaused,   ReplyKind.NotPaused,      ReplyKind.CapRaised,             ReplyKind.StoppingAfterStep,   ReplyKind.NotYours,   ReplyKind.NotYours],
        ["Finalizing"] =       [ReplyKind.AlreadyExists, ReplyKind.Busy,              ReplyKind.Busy,                       ReplyKind.Busy,                       ReplyKind.Busy,                ReplyKind.NotPaused,   ReplyKind.NotPaused,   ReplyKind.NotPaused,      ReplyKind.CapRaised,             ReplyKind.StoppingAfterStep,   ReplyKind.NotYours,   ReplyKind.NotYours],
        ["Delivering"] =       [ReplyKind.AlreadyExists, ReplyKind.Busy,              ReplyKind.Busy,                       ReplyKind.Busy,                       ReplyKind.Busy,                ReplyKind.NotPaused,   ReplyKind.NotPaused,   ReplyKind.NotPaused,      ReplyKind.CapRaised,             ReplyKind.StoppingAfterStep,   ReplyKind.NotYours,   ReplyKind.NotYours],
        ["PausedForCredits"] = [ReplyKind.AlreadyExists, ReplyKind.IsPaused,          ReplyKind.IsPaused,                   ReplyKind.IsPaused,                   ReplyKind.IsPaused,            ReplyKind.NeedsCredits, ReplyKind.NeedsCredits, ReplyKind.Stopping,      ReplyKind.CapRaised,             ReplyKind.Stopping,            ReplyKind.NotYours,   ReplyKind.NotYours],
        ["PausedAtCap"] =      [ReplyKind.AlreadyExists, ReplyKind.IsPaused,          ReplyKind.IsPaused,                   ReplyKind.IsPaused,                   ReplyKind.IsPaused,            ReplyKind.CapStillReached, ReplyKind.CapStillReached, ReplyKind.Stopping, ReplyKind.CapRaisedAndResumed, ReplyKind.Stopping,            ReplyKind.NotYours,   ReplyKind.NotYours],
        ["PausedOnItem"] =     [ReplyKind.AlreadyExists, ReplyKind.IsPaused,          ReplyKind.IsPaused,                   ReplyKind.IsPaused,                   ReplyKind.IsPaused,            ReplyKind.Resumed,     ReplyKind.Resumed,     ReplyKind.Stopping,       ReplyKind.CapRaised,             ReplyKind.Stopping,            ReplyKind.NotYours,   ReplyKind.NotYours],
        ["Completed"] =        [ReplyKind.AlreadyExists, ReplyKind.HasEnded,          ReplyKind.HasEnded,                   ReplyKind.HasEnded,                   ReplyKind.HasEnded,            ReplyKind.NotPaused,   ReplyKind.NotPaused,   ReplyKind.NotPaused,      ReplyKind.HasEnded,              ReplyKind.HasEnded,            ReplyKind.NotYours,   ReplyKind.NotYours],
        ["Cancelled"] =        [ReplyKind.AlreadyExists, ReplyKind.HasEnded,          ReplyKind.HasEnded,                   ReplyKind.HasEnded,                   ReplyKind.HasEnded,            ReplyKind.NotPaused,   ReplyKind.NotPaused,   ReplyKind.NotPaused,      ReplyKind.HasEnded,              ReplyKind.HasEnded,            ReplyKind.NotYours,   ReplyKind.NotYours],
        ["Failed"] =           [ReplyKind.AlreadyExists, ReplyKind.HasEnded,          ReplyKind.HasEnded,                   ReplyKind.HasEnded,                   ReplyKind.HasEnded,            ReplyKind.NotPaused,   ReplyKind.NotPaused,   ReplyKind.NotPaused,      ReplyKind.HasEnded,              ReplyKind.HasEnded,            ReplyKind.NotYours,   ReplyKind.NotYours],
    };

    public static TheoryData<string, string> Table()
    {
        var data = new TheoryData<string, string>();
        foreach (var stage in Stages)
        {
            foreach (var command in Commands)
            {
                data.Add(stage, command);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void Command_AtEveryStage_IsTakenOrRefusedAsTheTableSays(string stage, string command)
    {
        var driver = At(stage);
        var before = Snapshot(driver.State);

        var decision = driver.Apply(Input(command));

        var expected = Expected[stage][Array.IndexOf(Commands, command)];
        Assert.Equal(expected, decision.Reply!.Kind);
        Assert.Equal(expected < ReplyKind.NotYours, decision.Changed);
        if (!decision.Changed)
        {
            // A refused command leaves the project exactly as it was, and decides nothing.
            Assert.Equal(before, Snapshot(decision.State));
            Assert.Empty(decision.Dispatch);
            Assert.Empty(decision.Events);
            Assert.Empty(decision.Effects);
        }
    }

    [Fact]
    public void Table_CoversEveryStateAProjectCanBeIn()
    {
        var reached = Stages.Select(s => At(s).State.State).ToHashSet();

        Assert.Equal(Enum.GetValues<ProjectState>().ToHashSet(), reached);
    }

    [Theory]
    [InlineData("", ReplyKind.MessageEmpty)]
    [InlineData("   ", ReplyKind.MessageEmpty)]
    public void Create_WithNoIdea_IsRefused(string idea, ReplyKind expected)
    {
        var decision = new WorkflowDriver().Apply(new CreateProject(WorkflowDriver.Owner, idea));

        Assert.Equal(expected, decision.Reply!.Kind);
        Assert.False(decision.Changed);
    }

    [Fact]
    public void Create_WithAnOverlongIdea_SaysTheLengthAndTheLimit()
    {
        var driver = new WorkflowDriver();

        var decision = driver.Apply(new CreateProject(WorkflowDriver.Owner, new string('x', driver.Options.MaxMessageChars + 1)));

        Assert.Equal(new CommandReply(ReplyKind.MessageTooLong, driver.Options.MaxMessageChars + 1, driver.Options.MaxMessageChars), decision.Reply);
    }

    [Fact]
    public void CorrectScope_WithNothingToChange_IsRefused()
    {
        var decision = At("ScopeProposed").Apply(new CorrectScope(WorkflowDriver.Owner, "  "));

        Assert.Equal(ReplyKind.ScopeCorrectionMissing, decision.Reply!.Kind);
    }

    [Fact]
    public void RaiseCap_ByNothing_IsRefused()
    {
        var decision = At("Implementing").Apply(new RaiseCap(WorkflowDriver.Owner, 0m));

        Assert.Equal(ReplyKind.CapIncreaseNotPositive, decision.Reply!.Kind);
    }

    [Fact]
    public void Decide_NeverChangesTheStateItWasGiven()
    {
        foreach (var stage in Stages)
        {
            foreach (var command in Commands)
            {
                var driver = At(stage);
                var given = driver.State;
                var before = Snapshot(given);

                driver.Workflow.Decide(given, Input(command), driver.Now);

                Assert.Equal(before, Snapshot(given));
            }
        }
    }

    internal static WorkflowDriver At(string stage)
    {
        var driver = new WorkflowDriver();
        return stage switch
        {
            "Created" => driver.Created(),
            "QuestionsOpen" => driver.QuestionsOpen(),
            "ScopeProposed" => driver.ScopeProposed(),
            "Planning" => driver.Planning(),
            "AwaitingStart" => driver.AwaitingStart(),
            "Implementing" => driver.Implementing(),
            "Finalizing" => driver.Finalizing(),
            "Delivering" => driver.Delivering(),
            "PausedForCredits" => driver.PausedForCredits(),
            "PausedAtCap" => driver.PausedAtCap(),
            "PausedOnItem" => driver.PausedOnItem(),
            "Completed" => driver.Completed(),
            "Cancelled" => driver.Cancelled(),
            "Failed" => driver.Failed(),
            _ => throw new ArgumentException(stage),
        };
    }

    private static WorkflowInput Input(string command) => command switch
    {
        "Create" => new CreateProject(WorkflowDriver.Owner, "Another idea"),
        "Answer" => new AnswerQuestions(WorkflowDriver.Owner, "CLI, please"),
        "Confirm" => new ConfirmScope(WorkflowDriver.Owner),
        "Correct" => new CorrectScope(WorkflowDriver.Owner, "Add tags as well."),
        "Start" => new StartDevelopment(WorkflowDriver.Owner),
        "Retry" => new ResumeProject(WorkflowDriver.Owner, ResumeDecision.Retry, 1m),
        "Skip" => new ResumeProject(WorkflowDriver.Owner, ResumeDecision.SkipItem, 1m),
        "Stop" => new ResumeProject(WorkflowDriver.Owner, ResumeDecision.Stop, 1m),
        "RaiseCap" => new RaiseCap(WorkflowDriver.Owner, 10m),
        "Cancel" => new CancelProject(WorkflowDriver.Owner),
        "StrangerAnswer" => new AnswerQuestions(WorkflowDriver.Stranger, "mine now"),
        "StrangerCancel" => new CancelProject(WorkflowDriver.Stranger),
        _ => throw new ArgumentException(command),
    };

    internal static string Snapshot(DevBot.Grains.Projects.ProjectGrainState state) =>
        Newtonsoft.Json.JsonConvert.SerializeObject(state, new Newtonsoft.Json.JsonSerializerSettings { TypeNameHandling = Newtonsoft.Json.TypeNameHandling.All });
}
