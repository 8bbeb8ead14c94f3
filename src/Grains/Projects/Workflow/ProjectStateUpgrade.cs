using System.Globalization;
using System.Text.Json;
using DevBot.GrainInterfaces.Projects;

namespace DevBot.Grains.Projects.Workflow;

/// <summary>
/// Brings a stored project state up to <see cref="ProjectGrainState.CurrentVersion"/> when it loads. Version 0 rows
/// (written before typed steps) kept step inputs as JSON or plain text, the pending decision as "verify:N",
/// "step:Kind" or an item id, the activity and the delivery notes as English text: each becomes its typed form and the
/// text is dropped. The plan snapshot cannot be made from the state alone; the grain reads it from TODO.md.
/// </summary>
public static class ProjectStateUpgrade
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static bool IsCurrent(ProjectGrainState s) => s.Version >= ProjectGrainState.CurrentVersion || s.UserId == 0;

    /// <summary>Whether an upgraded project needs its plan snapshot read from TODO.md (it has a plan, and is not purged).</summary>
    public static bool NeedsPlan(ProjectGrainState s) => s.Plan is null && !s.Purged
        && s.State is not (ProjectState.GatheringRequirements or ProjectState.ClarifyingDetails or ProjectState.ConfirmingScope or ProjectState.Planning);

    public static ProjectGrainState ToCurrent(ProjectGrainState current)
    {
        if (IsCurrent(current))
        {
            return current;
        }

        var s = ProjectStateCopy.Of(current);
        s.Step = Typed(s.Step);
        s.RetryStep = Typed(s.RetryStep);
        s.Decision ??= DecisionOf(s.PendingDecision);
        s.PendingDecision = null;
        s.Doing = s.State switch
        {
            ProjectState.Completed => new ProjectActivity(ActivityKind.Delivered),
            ProjectState.Cancelled => new ProjectActivity(ActivityKind.Cancelled),
            ProjectState.Failed => new ProjectActivity(ActivityKind.Failed),
            ProjectState.Paused => new ProjectActivity(ActivityKind.Paused, Pause: s.Pause),
            _ when string.IsNullOrWhiteSpace(s.Activity) => ProjectActivity.None,
            _ => new ProjectActivity(ActivityKind.Legacy, Text: s.Activity),
        };
        s.Activity = string.Empty;
        s.DeliveryNotes.AddRange(s.Notes.Select(n => new LegacyNote(n)));
        s.Notes.Clear();
        s.Version = ProjectGrainState.CurrentVersion;
        return s;
    }

    private static ActiveStep? Typed(ActiveStep? step)
    {
        if (step is null || step.Request is not null)
        {
            return step;
        }

        step.Request = step.Kind switch
        {
            StepKind.Questions => Read<QuestionsInput>(step.Input),
            StepKind.Plan => Read<PlanInput>(step.Input),
            StepKind.Implement => new ImplementInput(step.Input, step.ItemId ?? throw Broken(step)),
            StepKind.Verify => new VerifyInput(step.Phase, int.TryParse(step.Input, NumberStyles.Integer, CultureInfo.InvariantCulture, out var round) ? round : 1),
            StepKind.Test => new TestInput(),
            StepKind.Diagnose => Read<DiagnoseInput>(step.Input),
            StepKind.Readme => new ReadmeInput(step.Input),
            StepKind.Package => new PackageInput(step.Input),
            _ => throw Broken(step),
        };
        step.Input = string.Empty;
        return step;

        T Read<T>(string json) where T : StepInput => JsonSerializer.Deserialize<T>(json, Json) ?? throw Broken(step);
    }

    private static PendingDecision? DecisionOf(string? pending) => pending switch
    {
        null or "" => null,
        "step:infrastructure" => new InfrastructureDecision(),
        _ when pending.StartsWith("verify:", StringComparison.Ordinal) =>
            new ReviewDecision(int.Parse(pending["verify:".Length..], CultureInfo.InvariantCulture)),
        _ when pending.StartsWith("step:", StringComparison.Ordinal) => new StepDecision(Enum.Parse<StepKind>(pending["step:".Length..])),
        _ => new ItemDecision(pending),
    };

    private static InvalidDataException Broken(ActiveStep step) =>
        new($"The stored step {step.Id} ({step.Kind}) has an input this version cannot read: '{step.Input}'.");
}
