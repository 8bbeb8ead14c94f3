namespace DevBot.Workspace.Edits;

/// <summary>
/// A file path read from a reply, and the annotation that came with it when that annotation says the block holds
/// only part of the file ("(partial)", "(excerpt)"), which must never be written as the whole file.
/// </summary>
internal readonly record struct PathCandidate(string Path, string? PartialNote);
