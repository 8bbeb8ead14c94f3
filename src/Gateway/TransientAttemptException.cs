namespace DevBot.Gateway;

/// <summary>One attempt failed in a way another attempt (with another key, after a pause) may not.</summary>
internal sealed class TransientAttemptException(ModelFailureKind kind, string detail, TimeSpan? waitAtLeast = null, Exception? inner = null)
    : Exception(detail, inner)
{
    public ModelFailureKind Kind { get; } = kind;

    /// <summary>Set when every key is cooling down: the next attempt waits this long instead of the backoff.</summary>
    public TimeSpan? WaitAtLeast { get; } = waitAtLeast;
}
