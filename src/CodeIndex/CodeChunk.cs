namespace DevBot.CodeIndex;

/// <summary>
/// A piece of a file that follows the code: a declaration (class, function, method…), a markdown section, or a
/// window of lines. <see cref="Id"/> is a hash of path and content, so unchanged code keeps its id (and vector).
/// Lines are 1-based and inclusive.
/// </summary>
public sealed record CodeChunk(string Id, string Path, int StartLine, int EndLine, string Kind, string? Symbol, string Content);
