namespace DevBot.Gateway;

/// <summary>What the gateway adds to an answer's AdditionalProperties: the charge and the call id it was billed under.</summary>
public static class GatewayResponseProperties
{
    public const string CreditsCharged = "devbot.credits_charged";
    public const string CostUsd = "devbot.cost_usd";
    public const string CallId = "devbot.call_id";

    /// <summary>True when the answer came from the response journal (a re-run step), not from the model.</summary>
    public const string Replayed = "devbot.replayed";
}
