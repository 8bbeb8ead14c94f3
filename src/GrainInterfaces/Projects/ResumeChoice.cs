namespace DevBot.GrainInterfaces.Projects;

/// <summary>An answer a paused project accepts (the front-end shows each as a button).</summary>
public enum ResumeChoice
{
    Retry = 0,
    Skip = 1,
    Stop = 2,
    RaiseCap = 3,
}
