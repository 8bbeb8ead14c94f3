namespace DevBot.Workspace.Edits;

/// <summary>
/// The result of applying a reply's edits. All blocks apply together or none does: with any failure nothing is
/// written, and <see cref="Failures"/> says what to fix (the other blocks would have applied).
/// </summary>
public sealed record EditOutcome(bool Applied, IReadOnlyList<string> ChangedPaths, IReadOnlyList<EditFailure> Failures)
{
    /// <summary>All failures as one message for the model.</summary>
    public string Describe() => Failures.Count == 0
        ? $"Applied edits to {ChangedPaths.Count} file(s)."
        : "No edits were applied because " + (Failures.Count == 1 ? "one block" : $"{Failures.Count} blocks") + " failed:\n\n"
          + string.Join("\n\n", Failures.Select(f => f.Message));
}
