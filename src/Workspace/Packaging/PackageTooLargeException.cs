namespace DevBot.Workspace.Packaging;

/// <summary>Even without its history the project does not fit Telegram's upload limit; the message names the largest files.</summary>
public sealed class PackageTooLargeException(string message) : Exception(message);
