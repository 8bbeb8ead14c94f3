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
    bool HadTools);
