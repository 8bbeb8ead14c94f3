namespace DevBot.GrainInterfaces.Projects;

/// <summary>
/// Revise the committed docs and TODO.md as the user asked (<paramref name="Request"/>, in their own words), and
/// estimate again; <paramref name="Round"/> counts the revisions of this project from 1.
/// </summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.RevisePlanInput")]
public sealed record RevisePlanInput(string Title, string Request, int Round) : StepInput
{
    public override StepKind Kind => StepKind.RevisePlan;
}
