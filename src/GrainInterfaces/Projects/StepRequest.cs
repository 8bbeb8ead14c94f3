namespace DevBot.GrainInterfaces.Projects;

/// <summary>
/// What a worker must do. <paramref name="StepId"/> prefixes every model call of the step, so a re-dispatched step
/// replays recorded answers instead of paying for them again; <paramref name="Attempt"/> tells re-dispatches apart.
/// </summary>
[GenerateSerializer, Immutable, Alias("DevBot.Projects.StepRequest.v2")]
public sealed record StepRequest(Guid ProjectId, long UserId, string StepId, int Attempt, StepInput Input)
{
    public StepKind Kind => Input.Kind;
}
