namespace DevBot.Gateway;

public enum ModelFailureKind
{
    RateLimited = 0,
    ServerError = 1,
    Timeout = 2,
    Malformed = 3,
    Unauthorized = 4,
    NoUsableKeys = 5,
    Network = 6,
}
