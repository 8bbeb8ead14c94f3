namespace DevBot.GrainInterfaces.Projects;

/// <summary>The project's tests could not be run.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.TestsNotRunNote")]
public sealed record TestsNotRunNote(TestOutcome Outcome, string Detail) : ProjectNote;
