namespace DevBot.GrainInterfaces.Credits;

[GenerateSerializer, Immutable, Alias("DevBot.Credits.SettleRequest")]
public sealed record SettleRequest(string CallId, ModelUsage Usage);
