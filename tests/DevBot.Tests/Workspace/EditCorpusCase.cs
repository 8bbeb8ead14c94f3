namespace DevBot.Tests.Workspace;

/// <summary>
/// One real-world model answer from a peer's test suite or an issue thread, the repository it was given, and what
/// DevBot must do with it: write exactly <see cref="ExpectedFiles"/>, or refuse with a reason containing every
/// <see cref="RefusalWords"/> and write nothing. <see cref="Aider"/> says what Aider does with the same answer
/// ("applies", "refuses", "wrong" for content it writes wrongly, "n/a"); <see cref="Why"/> explains a deliberate difference.
/// </summary>
public sealed record EditCorpusCase(
    string Id,
    string Category,
    string Source,
    IReadOnlyDictionary<string, string> Files,
    string Answer,
    IReadOnlyDictionary<string, string>? ExpectedFiles,
    IReadOnlyList<string>? RefusalWords,
    string Aider,
    string? Why)
{
    public bool ExpectsRefusal => RefusalWords is not null;

    public override string ToString() => Id;
}
