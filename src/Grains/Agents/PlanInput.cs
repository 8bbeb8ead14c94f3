namespace DevBot.Grains.Agents;

public sealed record PlanInput(string Title, string Scope, string Idea);
