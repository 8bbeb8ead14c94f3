using DevBot.GrainInterfaces.Projects;
using DevBot.Grains.Projects;
using DevBot.Grains.Projects.Workflow;

namespace DevBot.Tests.Workflow;

/// <summary>
/// Version-0 state (the previous version's shape: step inputs as JSON or text, the pending decision as a string,
/// activity and notes as English) becomes typed. The inputs below are the exact strings the previous version wrote
/// (its StepInputs used System.Text.Json's web defaults; Pipeline/Legacy/*.sql holds whole captured rows).
/// </summary>
public sealed class StateUpgradeTests
{
    public static TheoryData<StepKind, string, string?, int, StepInput> LegacySteps => new()
    {
        {
            StepKind.Questions,
            """{"idea":"A notes tool","rounds":[{"questions":[{"id":"q1","topic":"platforms","text":"Where?","options":["CLI"]}],"answers":"CLI"}],"round":2,"lastRound":true}""",
            null, 0, new QuestionsInput("A notes tool", [new AnsweredRound([new ProjectQuestion("q1", "platforms", "Where?", ["CLI"])], "CLI")], 2, true)
        },
        { StepKind.Plan, """{"title":"Notes CLI","scope":"A notes tool.","idea":"notes"}""", null, 0, new PlanInput("Notes CLI", "A notes tool.", "notes") },
        { StepKind.Implement, "Notes CLI", "1.2", 0, new ImplementInput("Notes CLI", "1.2") },
        { StepKind.Verify, "2", null, 1, new VerifyInput(1, 2) },
        { StepKind.Verify, "1", null, 0, new VerifyInput(0, 1) },
        { StepKind.Test, "", null, 0, new TestInput() },
        { StepKind.Diagnose, """{"round":1,"command":"pytest","exitCode":1,"output":"1 failed"}""", null, 0, new DiagnoseInput(1, "pytest", 1, "1 failed") },
        { StepKind.Readme, "Notes CLI", null, 0, new ReadmeInput("Notes CLI") },
        { StepKind.Package, "Notes CLI", null, 0, new PackageInput("Notes CLI") },
    };

    [Theory]
    [MemberData(nameof(LegacySteps))]
    public void LegacyStepInput_BecomesItsTypedInput(StepKind kind, string input, string? itemId, int phase, StepInput expected)
    {
        var legacy = new ProjectGrainState
        {
            UserId = 1, State = ProjectState.Implementing, Activity = "implementing 1.2: Store",
            Step = new ActiveStep { Id = "s0007", Kind = kind, Input = input, ItemId = itemId, Phase = phase, Attempt = 1 },
        };

        var upgraded = ProjectStateUpgrade.ToCurrent(legacy);

        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(expected, expected.GetType()),
            System.Text.Json.JsonSerializer.Serialize(upgraded.Step!.Request, upgraded.Step.Request!.GetType()));
        Assert.Equal(string.Empty, upgraded.Step.Input);
        Assert.Equal(ProjectGrainState.CurrentVersion, upgraded.Version);
        Assert.Equal(new ProjectActivity(ActivityKind.Legacy, Text: "implementing 1.2: Store"), upgraded.Doing);
        Assert.Equal("s0007", legacy.Step!.Id);
        Assert.Null(legacy.Step.Request);
    }

    [Theory]
    [InlineData("verify:2", "ReviewDecision { Phase = 2 }")]
    [InlineData("verify:0", "ReviewDecision { Phase = 0 }")]
    [InlineData("step:Plan", "StepDecision { Step = Plan }")]
    [InlineData("step:infrastructure", "InfrastructureDecision { }")]
    [InlineData("1.2", "ItemDecision { ItemId = 1.2 }")]
    [InlineData("R1.1", "ItemDecision { ItemId = R1.1 }")]
    public void LegacyPendingDecision_BecomesItsTypedDecision(string pending, string expected)
    {
        var legacy = new ProjectGrainState { UserId = 1, State = ProjectState.Paused, Pause = PauseReason.NeedsDecision, PendingDecision = pending };

        var upgraded = ProjectStateUpgrade.ToCurrent(legacy);

        Assert.Equal(expected, upgraded.Decision!.ToString());
        Assert.Null(upgraded.PendingDecision);
        Assert.Equal(new ProjectActivity(ActivityKind.Paused, Pause: PauseReason.NeedsDecision), upgraded.Doing);
    }

    [Fact]
    public void LegacyNotes_AreKeptAsTheirWords()
    {
        var legacy = new ProjectGrainState { UserId = 1, State = ProjectState.Finalizing, Notes = ["TODO item 1.2 was skipped at your request."] };

        var upgraded = ProjectStateUpgrade.ToCurrent(legacy);

        Assert.Equal([new LegacyNote("TODO item 1.2 was skipped at your request.")], upgraded.DeliveryNotes);
        Assert.Empty(upgraded.Notes);
    }

    [Fact]
    public void CurrentState_IsLeftAsItIs()
    {
        var current = new WorkflowDriver().Implementing().State;

        Assert.Same(current, ProjectStateUpgrade.ToCurrent(current));
    }

    [Fact]
    public void UnreadableLegacyInput_IsAClearError()
    {
        var legacy = new ProjectGrainState { UserId = 1, Step = new ActiveStep { Id = "s0003", Kind = StepKind.Plan, Input = "not json" } };

        var error = Assert.ThrowsAny<Exception>(() => ProjectStateUpgrade.ToCurrent(legacy));

        Assert.True(error is System.Text.Json.JsonException or InvalidDataException, error.GetType().Name);
    }
}
