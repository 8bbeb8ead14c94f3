namespace DevBot.Workspace.Edits;

/// <summary>Why one block could not be applied, written for the model to correct it.</summary>
public sealed record EditFailure(string Path, string Message);
