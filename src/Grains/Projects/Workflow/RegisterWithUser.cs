namespace DevBot.Grains.Projects.Workflow;

/// <summary>The project joins its user's list of projects.</summary>
public sealed record RegisterWithUser(string Title, DateTimeOffset CreatedAt) : WorkflowEffect;
