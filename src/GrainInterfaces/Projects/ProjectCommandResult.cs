namespace DevBot.GrainInterfaces.Projects;

/// <summary>Whether a user command was taken, the project's typed reply, and its status afterwards.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.ProjectCommandResult.v2")]
public sealed record ProjectCommandResult(CommandReply Reply, ProjectStatus Status)
{
    public bool Accepted => Reply.Accepted;
}
