using DevBot.GrainInterfaces.Projects;

namespace DevBot.Grains.Agents;

/// <summary>
/// A step that could not do its work: why (<see cref="Failure"/>), in words for the model's retry and the operators'
/// log, and a <see cref="Fingerprint"/> that lets the project notice the same failing answer coming back.
/// </summary>
public sealed class StepFailedException(StepFailure failure, string message, string? fingerprint = null) : Exception(message)
{
    public StepFailure Failure { get; } = failure;

    public string? Fingerprint { get; } = fingerprint;
}
