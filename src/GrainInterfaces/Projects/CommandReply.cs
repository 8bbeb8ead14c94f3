namespace DevBot.GrainInterfaces.Projects;

/// <summary>A project's answer to a command, with the numbers the front-end needs to word it (see <see cref="ReplyKind"/>).</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.CommandReply")]
public sealed record CommandReply(ReplyKind Kind, decimal Amount = 0m, decimal Limit = 0m)
{
    public bool Accepted => Kind < ReplyKind.NotYours;
}
