namespace DevBot.GrainInterfaces.Projects;

/// <summary>Why a step could not do its work.</summary>
public enum StepFailure
{
    Unexpected = 0,

    /// <summary>The Implementer's edits did not apply after every try (the detail says why).</summary>
    EditsDidNotApply = 1,

    /// <summary>A structured answer stayed malformed after every try.</summary>
    MalformedAnswer = 2,

    /// <summary>The plan stayed incomplete (a missing file, no phases, no test command).</summary>
    IncompletePlan = 3,

    /// <summary>The Architect kept asking questions after the last round.</summary>
    KeptAsking = 4,

    /// <summary>TODO.md, or the item the step was for, is missing from the repository.</summary>
    PlanMissing = 5,

    /// <summary>The package would exceed the chat's upload limit even without its history.</summary>
    PackageTooLarge = 6,

    /// <summary>The model provider refused the request itself (not a transient failure).</summary>
    RequestRejected = 7,

    /// <summary>The README stayed incomplete after every try.</summary>
    IncompleteReadme = 8,

    /// <summary>No model of a role has a price, so the estimate cannot be made.</summary>
    NoPrice = 9,

    /// <summary>The model's answer stayed cut off at its output limit, even with more room.</summary>
    Truncated = 10,
}
