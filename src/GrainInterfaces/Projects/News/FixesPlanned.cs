namespace DevBot.GrainInterfaces.Projects;

/// <summary>Failing tests were turned into fix items.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.FixesPlanned")]
public sealed record FixesPlanned(int Count) : ProjectNews
{
    public override ProjectEventKind Kind => ProjectEventKind.Info;
}
