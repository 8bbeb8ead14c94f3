namespace DevBot.Grains.Credits;

/// <summary>An open hold as the ledger grain remembers it between reserve and settle.</summary>
public sealed record OpenHold(string CallId, decimal Amount, string Provider, string Model, int PriceVersion, Guid? ProjectId, DateTimeOffset ExpiresAt);
