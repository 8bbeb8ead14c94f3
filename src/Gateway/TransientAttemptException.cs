namespace DevBot.Gateway;

/// <summary>One attempt failed in a way another attempt (with another key, after a pause) may not.</summary>
internal sealed class TransientAttemptException(ModelFailureKind kind, string detail, Exception? inner = null)
    : Exception(detail, inner)
{
    public ModelFailureKind Kind { get; } = kind;
}
