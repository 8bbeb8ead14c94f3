namespace DevBot.GrainInterfaces.Projects;

/// <summary>The delivery ZIP was stored (null file name: nothing was committed yet).</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.PackageResult")]
public sealed record PackageResult(string? FileName, long Bytes, bool HistoryIncluded) : StepResult;
