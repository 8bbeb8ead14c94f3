namespace DevBot.Grains.Projects.Workflow;

/// <summary>The user asks, in their own words, for a change to the plan shown with the estimate.</summary>
public sealed record RevisePlan(long UserId, string Request) : WorkflowInput;
