namespace DevBot.GrainInterfaces.Projects;

/// <summary>
/// What a project is doing now: the kind, and for an item its id and text, for a review its phase (0: the final
/// review), for a pause its reason. <paramref name="Text"/> only holds what an earlier version stored as words.
/// </summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.ProjectActivity")]
public sealed record ProjectActivity(ActivityKind Kind, string? ItemId = null, string? ItemText = null, int Phase = 0, PauseReason Pause = PauseReason.None, string? Text = null)
{
    public static ProjectActivity None { get; } = new(ActivityKind.None);
}
