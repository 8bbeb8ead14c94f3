namespace DevBot.Grains.Credits;

public sealed record StoredPurchase(string ExternalChargeId, decimal Credits, decimal? PaidAmount, string? PaidCurrency);
