namespace DevBot.GrainInterfaces.Projects;

/// <summary>Where a project is in its life, from the first idea to delivery.</summary>
public enum ProjectState
{
    /// <summary>The Architect is reading the idea and preparing questions.</summary>
    GatheringRequirements = 0,

    /// <summary>Questions are out; the user's answers are awaited (or the next round is being prepared).</summary>
    ClarifyingDetails = 1,

    /// <summary>A scope summary awaits the user's confirmation.</summary>
    ConfirmingScope = 2,

    /// <summary>The Architect writes the docs and TODO.md.</summary>
    Planning = 3,

    /// <summary>The plan and the credit estimate await the user's go.</summary>
    AwaitingStart = 4,

    /// <summary>TODO items are implemented one by one; each phase is verified.</summary>
    Implementing = 5,

    /// <summary>Tests in the sandbox, fixes, final verification, README.</summary>
    Finalizing = 6,

    /// <summary>The package is being built.</summary>
    Delivering = 7,

    Completed = 8,
    Failed = 9,
    Cancelled = 10,

    /// <summary>Waiting for the user: credits ran out, the credit cap was reached, or a loop needs a decision.</summary>
    Paused = 11,
}
