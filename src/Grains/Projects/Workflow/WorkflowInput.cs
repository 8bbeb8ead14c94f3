namespace DevBot.Grains.Projects.Workflow;

/// <summary>One thing that happens to a project: a user's command, a worker's report, a wake-up. The workflow's only input.</summary>
public abstract record WorkflowInput;
