namespace DevBot.Workspace.Edits;

/// <summary>A block that cannot be applied; the message is written for the model.</summary>
public sealed class EditException(string message) : Exception(message);
