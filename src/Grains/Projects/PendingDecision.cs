namespace DevBot.Grains.Projects;

/// <summary>What a project paused for a decision waits for the user to decide (stored with the project's state).</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Grains.Projects.PendingDecision")]
public abstract record PendingDecision;
