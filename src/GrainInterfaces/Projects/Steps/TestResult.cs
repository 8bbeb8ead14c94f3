namespace DevBot.GrainInterfaces.Projects;

/// <summary>How the project's tests went in the sandbox (the output's tail), or why they could not run.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.TestResult")]
public sealed record TestResult(TestOutcome Outcome, string Command, int ExitCode, double Seconds, string Output) : StepResult;
