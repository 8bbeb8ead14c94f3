using DevBot.GrainInterfaces.Credits;

namespace DevBot.Grains.Credits;

public sealed record SettleOperation(long UserId, string CallId, ModelUsage Usage, int PriceVersion, decimal ComputedCostUsd, decimal ChargedCostUsd, decimal Credits);
