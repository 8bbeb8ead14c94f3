namespace DevBot.CodeIndex;

/// <summary>Which rankings a search uses: BM25 and vectors fused by reciprocal rank (the default), or one alone.</summary>
public enum SearchMode
{
    Hybrid,
    Lexical,
    Vector,
}
