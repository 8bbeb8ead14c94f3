using Microsoft.Extensions.Logging;

namespace DevBot.Grains.Observability;

/// <summary>
/// Log events operators alert on (event ids 91xx, level Warning or above): filter the logs on these ids, or on the
/// <c>Alert</c> name, to page someone.
/// </summary>
public static class Alerts
{
    /// <summary>A provider rejected an API key (401/403); the key was disabled.</summary>
    public static readonly EventId KeyDisabled = new(9101, "ApiKeyDisabled");

    /// <summary>A provider's reported cost for a call differs from our price list by more than the tolerance.</summary>
    public static readonly EventId ProviderCostMismatch = new(9102, "ProviderCostMismatch");

    /// <summary>One call, or one user's last hour, cost more credits than the configured threshold.</summary>
    public static readonly EventId CostSpike = new(9103, "CostSpike");

    /// <summary>Every model of a role failed for one request (logged by the gateway's fallback).</summary>
    public static readonly EventId RoleUnavailable = new(9104, "RoleUnavailable");

    /// <summary>A project ended in the Failed state.</summary>
    public static readonly EventId ProjectFailed = new(9105, "ProjectFailed");
}
