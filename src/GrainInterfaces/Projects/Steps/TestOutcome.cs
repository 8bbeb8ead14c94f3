namespace DevBot.GrainInterfaces.Projects;

/// <summary>How a test run ended.</summary>
public enum TestOutcome
{
    Passed = 0,
    Failed = 1,

    /// <summary>The run hit its deadline or another sandbox limit.</summary>
    Stopped = 2,

    /// <summary>The plan names no test command and none could be guessed from the files.</summary>
    NoTestCommand = 3,

    /// <summary>No sandbox is available on this silo, so generated code is not run at all.</summary>
    SandboxUnavailable = 4,

    /// <summary>The test step itself failed before a run could tell anything.</summary>
    CouldNotRun = 5,

    /// <summary>Installing the project's dependencies failed, so the tests could not start (the output says why).</summary>
    InstallFailed = 6,
}
