using DevBot.GrainInterfaces.Projects;

namespace DevBot.Grains.Projects;

[GenerateSerializer]
[Alias("DevBot.Grains.Projects.QuestionRound")]
public sealed class QuestionRound
{
    [Id(0)]
    public List<ProjectQuestion> Questions { get; set; } = [];

    [Id(1)]
    public string? Answers { get; set; }
}
