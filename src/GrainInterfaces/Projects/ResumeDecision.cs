namespace DevBot.GrainInterfaces.Projects;

/// <summary>The user's answer to a pause: go on (retry what failed), skip the item that keeps failing, or stop.</summary>
public enum ResumeDecision
{
    Retry = 0,
    SkipItem = 1,
    Stop = 2,
}
