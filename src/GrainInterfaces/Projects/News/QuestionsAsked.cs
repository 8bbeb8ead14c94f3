namespace DevBot.GrainInterfaces.Projects;

/// <summary>Questions the user is asked to answer (in one message).</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.QuestionsAsked")]
public sealed record QuestionsAsked(IReadOnlyList<ProjectQuestion> Questions) : ProjectNews
{
    public override ProjectEventKind Kind => ProjectEventKind.Questions;
}
