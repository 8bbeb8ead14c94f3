namespace DevBot.Tests.Workspace;

/// <summary>What DevBot did with one corpus answer and whether that is what the case expects.</summary>
public sealed record EditCorpusResult(EditCorpusCase Case, bool Applied, bool Passed, string Explanation);
