using System.Text.Json.Serialization;

namespace DevBot.GrainInterfaces.Projects;

/// <summary>
/// What happened in a project, with its numbers, and nothing worded: one subtype per kind of news. The front-end
/// turns news into words in the user's language; news is stored with its event (JSON with a type name).
/// </summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.ProjectNews")]
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$news")]
[JsonDerivedType(typeof(IdeaReceived), "ideaReceived")]
[JsonDerivedType(typeof(QuestionsAsked), "questionsAsked")]
[JsonDerivedType(typeof(ScopeProposed), "scopeProposed")]
[JsonDerivedType(typeof(ScopeConfirmed), "scopeConfirmed")]
[JsonDerivedType(typeof(ScopeRevising), "scopeRevising")]
[JsonDerivedType(typeof(PlanReady), "planReady")]
[JsonDerivedType(typeof(DevelopmentStarted), "developmentStarted")]
[JsonDerivedType(typeof(ItemDone), "itemDone")]
[JsonDerivedType(typeof(ReviewPassed), "reviewPassed")]
[JsonDerivedType(typeof(ReviewFoundGaps), "reviewFoundGaps")]
[JsonDerivedType(typeof(FinalizingStarted), "finalizingStarted")]
[JsonDerivedType(typeof(TestsPassed), "testsPassed")]
[JsonDerivedType(typeof(TestsFailed), "testsFailed")]
[JsonDerivedType(typeof(TestsNotPassing), "testsNotPassing")]
[JsonDerivedType(typeof(FixesPlanned), "fixesPlanned")]
[JsonDerivedType(typeof(PackagingStarted), "packagingStarted")]
[JsonDerivedType(typeof(Resumed), "resumed")]
[JsonDerivedType(typeof(StopRequested), "stopRequested")]
[JsonDerivedType(typeof(Delivered), "delivered")]
[JsonDerivedType(typeof(Cancelled), "cancelled")]
[JsonDerivedType(typeof(ProjectFailed), "projectFailed")]
[JsonDerivedType(typeof(LegacyNews), "legacyNews")]
[JsonDerivedType(typeof(PausedForCredits), "pausedForCredits")]
[JsonDerivedType(typeof(PausedAtCap), "pausedAtCap")]
[JsonDerivedType(typeof(PausedItemFailing), "pausedItemFailing")]
[JsonDerivedType(typeof(PausedReviewRepeats), "pausedReviewRepeats")]
[JsonDerivedType(typeof(PausedStepFailed), "pausedStepFailed")]
[JsonDerivedType(typeof(PausedStepLost), "pausedStepLost")]
[JsonDerivedType(typeof(PausedInternalProblem), "pausedInternalProblem")]
[JsonDerivedType(typeof(WaitingForModelProvider), "waitingForModelProvider")]
[JsonDerivedType(typeof(ModelProviderBack), "modelProviderBack")]
[JsonDerivedType(typeof(PlanRevised), "planRevised")]
[JsonDerivedType(typeof(PlanRevising), "planRevising")]
public abstract record ProjectNews
{
    /// <summary>How the event is shown: as progress (one message edited in place) or as a message of its own.</summary>
    public abstract ProjectEventKind Kind { get; }
}
