namespace DevBot.GrainInterfaces.Projects;

/// <summary>How a project answered a user's command: taken (and what follows), or refused (and why).</summary>
public enum ReplyKind
{
    // Taken.
    ProjectStarted = 0,
    AnswersTaken = 1,
    PlanningStarted = 2,
    ScopeBeingRevised = 3,
    DevelopmentStarted = 4,
    Resumed = 5,
    CapRaised = 6,
    CapRaisedAndResumed = 7,
    StoppingAfterStep = 8,
    Stopping = 9,
    PlanBeingRevised = 10,

    // Refused.
    NotYours = 100,
    AlreadyExists = 101,
    MessageEmpty = 102,

    /// <summary>Amount: the message's length; Limit: the most allowed.</summary>
    MessageTooLong = 103,

    /// <summary>A step runs (the status says which).</summary>
    Busy = 104,
    ExpectingAnswers = 105,
    ExpectingScopeConfirmation = 106,
    ExpectingStart = 107,
    IsPaused = 108,
    HasEnded = 109,
    NotPaused = 110,
    AlreadyStopping = 111,

    /// <summary>Amount: credits available; Limit: what the next step needs.</summary>
    NeedsCredits = 112,

    /// <summary>Amount: credits used; Limit: the cap.</summary>
    CapStillReached = 113,
    CapIncreaseNotPositive = 114,
    ScopeCorrectionMissing = 115,

    /// <summary>The request to change the plan was empty or too long.</summary>
    PlanChangeMissing = 116,

    /// <summary>Amount: revisions made; Limit: the most allowed.</summary>
    PlanRevisionsUsed = 117,
}
