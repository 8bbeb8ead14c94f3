namespace DevBot.GrainInterfaces.Projects;

/// <summary>A review's verdict: no gaps, or gaps appended to TODO.md as items.</summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.VerifyResult")]
public sealed record VerifyResult(int Phase, IReadOnlyList<VerificationGap> Gaps, PlanSnapshot Plan) : StepResult;
