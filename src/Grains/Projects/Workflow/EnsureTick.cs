namespace DevBot.Grains.Projects.Workflow;

/// <summary>The project needs its periodic wake-up (registered once).</summary>
public sealed record EnsureTick : WorkflowEffect;
