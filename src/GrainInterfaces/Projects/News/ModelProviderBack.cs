namespace DevBot.GrainInterfaces.Projects;

/// <summary>After an outage the model provider answers again and the work goes on.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.ModelProviderBack")]
public sealed record ModelProviderBack : ProjectNews
{
    public override ProjectEventKind Kind => ProjectEventKind.Info;
}
