namespace DevBot.GrainInterfaces.Projects;

/// <summary>Turn failing tests into fix items.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.DiagnoseInput")]
public sealed record DiagnoseInput(int Round, string Command, int ExitCode, string Output) : StepInput
{
    public override StepKind Kind => StepKind.Diagnose;
}
