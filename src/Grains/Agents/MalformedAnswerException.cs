namespace DevBot.Grains.Agents;

/// <summary>A model answer that does not have the required structure; the message says what is wrong, for a retry.</summary>
public sealed class MalformedAnswerException(string message) : Exception(message);
