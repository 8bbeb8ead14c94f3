namespace DevBot.ScriptedModels;

/// <summary>
/// One request the server handled and what it answered, including the usage it reported (zero tokens when it
/// answered with a fault). <paramref name="KeyLast4"/> is all the server keeps of the key.
/// </summary>
public sealed record ScriptedExchange(
    string Kind,
    string Model,
    string? KeyLast4,
    int StatusCode,
    ScriptedFault Fault,
    int InputTokens,
    int OutputTokens,
    decimal? Cost,
    bool HadTools)
{
    /// <summary>The role the server took the request for (<see cref="ScriptedRoles"/>).</summary>
    public string Role { get; init; } = ScriptedRoles.Other;

    /// <summary>The part of <see cref="InputTokens"/> reported as read from the prompt cache.</summary>
    public int CachedInputTokens { get; init; }

    /// <summary>The part of <see cref="InputTokens"/> reported as written to the prompt cache (explicit breakpoints).</summary>
    public int CacheWriteTokens { get; init; }

    /// <summary>The model time the answer simulated (unscaled; zero without <see cref="ScriptedModelServer.Latency"/>).</summary>
    public TimeSpan ModelTime { get; init; }

    /// <summary>The request's JSON body, when <see cref="ScriptedModelServer.RecordRequestBodies"/> is on.</summary>
    public string? RequestBody { get; init; }
}
