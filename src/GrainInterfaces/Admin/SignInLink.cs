namespace DevBot.GrainInterfaces.Admin;

/// <summary>A one-time sign-in link for the operator page (single use, short-lived); null when refused.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Admin.SignInLink")]
public sealed record SignInLink(string Url, DateTimeOffset ExpiresAt);
