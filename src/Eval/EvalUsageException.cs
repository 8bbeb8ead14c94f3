namespace DevBot.Eval;

/// <summary>The command line or the ideas file cannot be used as given; the message says why (exit code 2).</summary>
public sealed class EvalUsageException(string message) : Exception(message);
