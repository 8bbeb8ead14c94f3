namespace DevBot.GrainInterfaces.Projects;

/// <summary>Review a phase against TODO, requirements, docs and code (phase 0: the whole project, the final review).</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.VerifyInput")]
public sealed record VerifyInput(int Phase, int Round) : StepInput
{
    public override StepKind Kind => StepKind.Verify;
}
