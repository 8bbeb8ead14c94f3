namespace DevBot.GrainInterfaces.Projects;

/// <summary>Why a project stopped on its own.</summary>
public enum FailureReason
{
    /// <summary>No model answered after several steps in a row.</summary>
    NoModel = 0,

    /// <summary>TODO.md is missing from the repository.</summary>
    PlanMissing = 1,

    /// <summary>The package could not be built.</summary>
    PackageFailed = 2,

    /// <summary>Stored by an earlier version, which kept only its English text.</summary>
    Legacy = 3,
}
