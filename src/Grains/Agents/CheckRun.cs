using DevBot.GrainInterfaces.Projects;

namespace DevBot.Grains.Agents;

/// <summary>One run of an item's check: passed, failed (with the output's tail for the model), or not run (and why).</summary>
public sealed record CheckRun(CheckStatus Status, string Command, int ExitCode, double Seconds, string Output, string Detail);
