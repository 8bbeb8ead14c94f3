namespace DevBot.GrainInterfaces.Admin;

[GenerateSerializer, Immutable, Alias("DevBot.Admin.UserRow")]
public sealed record UserRow(long UserId, string? Username, string? DisplayName, decimal Balance, decimal Held, int Projects, DateTimeOffset CreatedAt, bool Forgotten);
