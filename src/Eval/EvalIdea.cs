namespace DevBot.Eval;

/// <summary>One project idea of an evaluation: what the user asks for and how they answer the Architect's questions (one answer per round).</summary>
public sealed record EvalIdea(string Name, string Stack, string Idea, IReadOnlyList<string> Answers)
{
    /// <summary>The answer to round <paramref name="round"/> (1-based); the last one again when more rounds come.</summary>
    public string AnswerFor(int round) => Answers[Math.Clamp(round - 1, 0, Answers.Count - 1)];
}
