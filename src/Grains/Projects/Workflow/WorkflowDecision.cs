using DevBot.GrainInterfaces.Projects;

namespace DevBot.Grains.Projects.Workflow;

/// <summary>What the workflow decided: the project's new state, the reply to a command (null for other inputs), the steps to
/// dispatch (after the state is stored), the news to publish and the effects to carry out. <see cref="Changed"/> is false
/// when the input changed nothing (a refused command, a stale report), so nothing needs storing.</summary>
public sealed record WorkflowDecision(
    ProjectGrainState State,
    CommandReply? Reply,
    IReadOnlyList<ActiveStep> Dispatch,
    IReadOnlyList<PendingEvent> Events,
    IReadOnlyList<WorkflowEffect> Effects,
    bool Changed);
