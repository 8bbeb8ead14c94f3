namespace DevBot.Grains.Credits;

public sealed record ReserveOperation(long UserId, string CallId, decimal Credits, Guid? ProjectId, string Provider, string Model, int PriceVersion);
