namespace DevBot.GrainInterfaces.Projects;

/// <summary>One TODO item as the workflow needs it: id, text, the Architect's phase it belongs to (0 for items DevBot appended: review findings and test fixes, which go first), done or not.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.PlanItem")]
public sealed record PlanItem(string Id, string Text, int Phase, bool FollowUp, bool Done);
