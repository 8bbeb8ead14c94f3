namespace DevBot.GrainInterfaces.Credits;

/// <summary>
/// Holds up to <paramref name="MaxCredits"/> for one model request before it is sent. The call id (derived from
/// the project step) is the idempotency key of the reserve, the settle and the void of that request.
/// </summary>
[GenerateSerializer, Immutable, Alias("DevBot.Credits.ReserveRequest")]
public sealed record ReserveRequest(string CallId, decimal MaxCredits, string Provider, string Model, Guid? ProjectId);
