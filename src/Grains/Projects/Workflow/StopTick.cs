namespace DevBot.Grains.Projects.Workflow;

/// <summary>The project has ended: its wake-up is removed.</summary>
public sealed record StopTick : WorkflowEffect;
