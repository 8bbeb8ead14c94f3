namespace DevBot.GrainInterfaces.Projects;

/// <summary>Ask the next round of follow-up questions, or (last round) propose the scope.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.QuestionsInput")]
public sealed record QuestionsInput(string Idea, IReadOnlyList<AnsweredRound> Rounds, int Round, bool LastRound) : StepInput
{
    public override StepKind Kind => StepKind.Questions;
}
