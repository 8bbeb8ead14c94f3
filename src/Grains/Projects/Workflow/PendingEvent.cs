using DevBot.GrainInterfaces.Projects;

namespace DevBot.Grains.Projects.Workflow;

/// <summary>News to publish, with the project's numbers at the moment it happened (the grain numbers and stores it).</summary>
public sealed record PendingEvent(ProjectNews News, ProjectState State, int TodoDone, int TodoTotal, decimal CreditsUsed);
