namespace DevBot.CodeIndex;

/// <summary>How a file is indexed: cut into chunks, reduced to one chunk of its path and a summary, or left out.</summary>
public enum FileKind
{
    Code,
    Summarized,
    Skipped,
}
