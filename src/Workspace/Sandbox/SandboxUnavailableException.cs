namespace DevBot.Workspace.Sandbox;

/// <summary>No sandbox is available and running generated code bare is not allowed.</summary>
public sealed class SandboxUnavailableException(string message) : Exception(message);
