namespace DevBot.Grains.Projects.Workflow;

/// <summary>
/// A deep copy of a project's state, so the workflow can change its own copy and the grain keeps the one it had if a
/// rule throws. Immutable parts (records, strings) are shared; every collection and mutable object is new. A test
/// fills every property and checks the copy equals the original and shares nothing mutable, so a property added to
/// the state but forgotten here fails it.
/// </summary>
public static class ProjectStateCopy
{
    public static ProjectGrainState Of(ProjectGrainState s) => new()
    {
        UserId = s.UserId,
        Idea = s.Idea,
        Title = s.Title,
        State = s.State,
        Pause = s.Pause,
        StateBeforePause = s.StateBeforePause,
        Rounds = s.Rounds.Select(r => new QuestionRound { Questions = r.Questions.ToList(), Answers = r.Answers }).ToList(),
        Scope = s.Scope,
        Estimate = s.Estimate,
        Cap = s.Cap,
        CreditsUsed = s.CreditsUsed,
        Step = Of(s.Step),
        RetryStep = Of(s.RetryStep),
        StepCounter = s.StepCounter,
        ItemFailures = new Dictionary<string, int>(s.ItemFailures),
        FailureFingerprints = new Dictionary<string, string>(s.FailureFingerprints),
        FindingFingerprints = s.FindingFingerprints.ToList(),
        VerifyRounds = new Dictionary<int, int>(s.VerifyRounds),
        VerifiedPhases = s.VerifiedPhases.ToList(),
        TestRounds = s.TestRounds,
        Tests = s.Tests,
        FinalReviewDone = s.FinalReviewDone,
        ReadmeDone = s.ReadmeDone,
        EventSeq = s.EventSeq,
        PackageFileName = s.PackageFileName,
        CancelRequested = s.CancelRequested,
        Activity = s.Activity,
        TodoDone = s.TodoDone,
        TodoTotal = s.TodoTotal,
        SkippedItems = s.SkippedItems.ToList(),
        Notes = s.Notes.ToList(),
        LastTestOutput = s.LastTestOutput,
        LastTestCommand = s.LastTestCommand,
        LastTestExitCode = s.LastTestExitCode,
        UnavailableSteps = s.UnavailableSteps,
        PlanRevisions = s.PlanRevisions,
        Language = s.Language,
        PendingDecision = s.PendingDecision,
        CreatedAt = s.CreatedAt,
        CreditsToResume = s.CreditsToResume,
        Purged = s.Purged,
        FailedTicks = s.FailedTicks,
        Version = s.Version,
        Doing = s.Doing,
        Decision = s.Decision,
        DeliveryNotes = s.DeliveryNotes.ToList(),
        Plan = s.Plan,
        Beside = s.Beside.Select(b => Of(b)!).ToList(),
        BesideFailed = s.BesideFailed,
        FinalReviewPassed = s.FinalReviewPassed,
        FindingSeenAt = new Dictionary<string, int>(s.FindingSeenAt),
    };

    public static ActiveStep? Of(ActiveStep? step) => step is null
        ? null
        : new ActiveStep
        {
            Id = step.Id,
            Kind = step.Kind,
            ItemId = step.ItemId,
            Phase = step.Phase,
            Input = step.Input,
            Attempt = step.Attempt,
            DispatchedAt = step.DispatchedAt,
            Silo = step.Silo,
            Request = step.Request,
            DoneAtDispatch = step.DoneAtDispatch,
        };
}
