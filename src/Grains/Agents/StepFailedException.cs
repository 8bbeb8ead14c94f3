namespace DevBot.Grains.Agents;

/// <summary>A step that could not do its work; <see cref="Fingerprint"/> lets the project notice the same failure repeating.</summary>
public sealed class StepFailedException(string message, string? fingerprint = null) : Exception(message)
{
    public string? Fingerprint { get; } = fingerprint;
}
