namespace DevBot.GrainInterfaces.Users;

[GenerateSerializer, Immutable, Alias("DevBot.Users.UserProject")]
public sealed record UserProject(Guid ProjectId, string Title, DateTimeOffset CreatedAt);
