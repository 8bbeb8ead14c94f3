namespace DevBot.GrainInterfaces.Projects;

/// <summary>A gap a review found: its title (as appended to TODO.md) and a normalised form to recognise it coming back.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.VerificationGap")]
public sealed record VerificationGap(string Title, string Fingerprint);
