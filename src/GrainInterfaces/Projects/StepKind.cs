namespace DevBot.GrainInterfaces.Projects;

/// <summary>One durable unit of a project's work.</summary>
public enum StepKind
{
    Questions = 0,
    Plan = 1,
    Implement = 2,
    Verify = 3,
    Test = 4,
    Diagnose = 5,
    Readme = 6,
    Package = 7,

    /// <summary>The Architect revises the docs and TODO.md at the user's request, before development starts.</summary>
    RevisePlan = 8,
}
