namespace DevBot.GrainInterfaces.Projects;

public enum ProjectEventKind
{
    StateChanged = 0,
    Questions = 1,
    ScopeProposed = 2,
    EstimateReady = 3,
    Progress = 4,
    Paused = 5,
    Resumed = 6,
    Delivered = 7,
    Failed = 8,
    Cancelled = 9,
    Info = 10,

    /// <summary>Something the user should hear about now, as a message of its own (not a progress edit).</summary>
    Notice = 11,
}
