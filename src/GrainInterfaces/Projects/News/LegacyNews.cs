namespace DevBot.GrainInterfaces.Projects;

/// <summary>An event stored by an earlier version, which kept only its English text and button labels.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.LegacyNews")]
public sealed record LegacyNews(ProjectEventKind LegacyKind, string Text, IReadOnlyList<string> Choices) : ProjectNews
{
    public override ProjectEventKind Kind => LegacyKind;
}
