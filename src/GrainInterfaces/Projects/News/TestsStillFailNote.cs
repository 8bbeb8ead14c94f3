namespace DevBot.GrainInterfaces.Projects;

/// <summary>The tests still failed after the allowed fix rounds: the last command and its exit code.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.TestsStillFailNote")]
public sealed record TestsStillFailNote(int Rounds, string Command, int ExitCode) : ProjectNote;
