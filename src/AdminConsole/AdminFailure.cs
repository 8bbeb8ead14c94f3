namespace DevBot.AdminConsole;

/// <summary>A command that could not do what was asked; its message is the one line the operator sees (exit code 1).</summary>
public sealed class AdminFailure(string message) : Exception(message);
