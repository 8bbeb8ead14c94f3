namespace DevBot.Gateway;

/// <summary>The provider answered 200 with something that is not a usable answer (no choices, no vectors).</summary>
internal sealed class MalformedAnswerException(string message) : Exception(message);
