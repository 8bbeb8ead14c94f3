namespace DevBot.GrainInterfaces.Projects;

[GenerateSerializer, Immutable, Alias("DevBot.Projects.DeliveredPackage")]
public sealed record DeliveredPackage(string FileName, byte[] Content, decimal CreditsUsed, bool Partial);
