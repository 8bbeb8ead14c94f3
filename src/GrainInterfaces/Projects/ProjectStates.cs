namespace DevBot.GrainInterfaces.Projects;

public static class ProjectStates
{
    /// <summary>Completed, cancelled or failed: nothing more will happen to the project.</summary>
    public static bool IsTerminal(this ProjectState state) => state is ProjectState.Completed or ProjectState.Cancelled or ProjectState.Failed;
}
