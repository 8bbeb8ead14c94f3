namespace DevBot.Grains.Projects.Workflow;

/// <summary>Something the grain does for the workflow besides storing state and events: record conversation, tell the user grain, manage the wake-up reminder.</summary>
public abstract record WorkflowEffect;
