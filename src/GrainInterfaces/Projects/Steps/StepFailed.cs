namespace DevBot.GrainInterfaces.Projects;

/// <summary>The step could not do its work. The fingerprint identifies a model answer, to notice the same failing answer coming back.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.StepFailed")]
public sealed record StepFailed(StepFailure Failure, string Detail, string? Fingerprint) : StepResult;
