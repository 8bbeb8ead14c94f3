namespace DevBot.GrainInterfaces.Projects;

/// <summary>The project waits for the user's decision; <see cref="Choices"/> are the answers it accepts now.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.ProjectPaused")]
public abstract record ProjectPaused : ProjectNews
{
    public override ProjectEventKind Kind => ProjectEventKind.Paused;

    [Id(0)]
    public IReadOnlyList<ResumeChoice> Choices { get; init; } = [];
}
