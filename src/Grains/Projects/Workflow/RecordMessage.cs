namespace DevBot.Grains.Projects.Workflow;

/// <summary>A line of the project's conversation, kept with the project (role: user or architect).</summary>
public sealed record RecordMessage(string Role, string Content) : WorkflowEffect;
