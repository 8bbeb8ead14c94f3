namespace DevBot.GrainInterfaces.Users;

[GenerateSerializer, Immutable, Alias("DevBot.Users.UserProfile")]
public sealed record UserProfile(string? Username, string? DisplayName, string? LanguageCode, string? Email);
