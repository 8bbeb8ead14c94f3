namespace DevBot.GrainInterfaces.Credits;

[GenerateSerializer, Immutable, Alias("DevBot.Credits.VoidResult")]
public sealed record VoidResult(VoidStatus Status, decimal Released, CreditBalance Balance);
