namespace DevBot.Workspace.Edits;

/// <summary>What a file's lines mean to the elision check: which comment syntax it has and where "..." is real content.</summary>
internal enum ContentKind
{
    Code,
    Python,
    Yaml,
    Document,
}
