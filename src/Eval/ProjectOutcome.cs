using DevBot.GrainInterfaces.Projects;

namespace DevBot.Eval;

/// <summary>
/// How one idea went under one configuration: what was built (the project's title: the scripted models build their
/// sample whatever the idea), where it ended, whether its tests passed at delivery, the TODO items done, the loop pauses
/// answered, and the calls, tokens and charges the gateway settled for it.
/// </summary>
public sealed record ProjectOutcome(
    string Idea,
    string Stack,
    Guid ProjectId,
    string Built,
    ProjectState State,
    string Ending,
    bool TestsPassed,
    int TodoDone,
    int TodoTotal,
    int LoopPauses,
    double Seconds,
    int Calls,
    int EditAnswers,
    long InputTokens,
    long OutputTokens,
    long CachedInputTokens,
    decimal CostUsd,
    decimal Credits,
    int MalformedAnswers,
    int EditFailures)
{
    public bool Completed => State == ProjectState.Completed;
}
