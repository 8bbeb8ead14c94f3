namespace DevBot.GrainInterfaces.Projects;

/// <summary>Whether a user command was taken, and if not, why (in words the bot can show).</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.ProjectCommandResult")]
public sealed record ProjectCommandResult(bool Accepted, string Message, ProjectStatus Status);
