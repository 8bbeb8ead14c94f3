namespace DevBot.GrainInterfaces.Projects;

public enum PauseReason
{
    None = 0,

    /// <summary>The user's credits do not cover the next model request; resumes after a purchase.</summary>
    NoCredits = 1,

    /// <summary>The project spent its cap (estimate × factor); the user may raise it.</summary>
    CreditCapReached = 2,

    /// <summary>The same work keeps failing; the user decides whether to retry, skip or stop.</summary>
    NeedsDecision = 3,
}
