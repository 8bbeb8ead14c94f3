namespace DevBot.GrainInterfaces.Projects;

/// <summary>
/// How an item's check went: the command that ran in the sandbox after its edits applied (the item's own check, else
/// build and the project's tests), on which of the item's tries it passed, and how long the last run took.
/// </summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.ItemCheck")]
public sealed record ItemCheck(CheckStatus Status, string Command, int Tries, double Seconds, string Detail);
