namespace DevBot.GrainInterfaces.Projects;

/// <summary>Ask the next round of follow-up questions, or (last round) propose the scope.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.QuestionsInput")]
/// <param name="Language">The language the user speaks (English name); null for English. The questions and the scope are
/// written in it; the docs and the code stay in English.</param>
public sealed record QuestionsInput(string Idea, IReadOnlyList<AnsweredRound> Rounds, int Round, bool LastRound, string? Language = null) : StepInput
{
    public override StepKind Kind => StepKind.Questions;
}
