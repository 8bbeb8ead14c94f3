namespace DevBot.ScriptedModels;

public enum ScriptedFault
{
    None = 0,

    /// <summary>HTTP 429 with a Retry-After header.</summary>
    RateLimited = 1,

    /// <summary>HTTP 500.</summary>
    ServerError = 2,

    /// <summary>Answers after <see cref="FaultPlan.SlowDelay"/>, past a client's timeout.</summary>
    Slow = 3,

    /// <summary>HTTP 200 whose body is not JSON.</summary>
    Malformed = 4,

    /// <summary>HTTP 200 whose JSON body is cut off half way.</summary>
    Truncated = 5,

    /// <summary>HTTP 401.</summary>
    Unauthorized = 6,
}
