using System.Diagnostics;
using DevBot.GrainInterfaces.Projects;

namespace DevBot.Eval;

/// <summary>
/// The user's side of one evaluated project, through the project grain as the chat front-ends drive it: the idea, the
/// idea's answer to each round of questions, the scope confirmed, development started; a loop pause is answered with
/// "skip the item" (at most <see cref="MaxLoopPauses"/> times, then "stop"), a credit-cap pause raises the cap by the
/// estimate (at most twice), and a pause for credits — the budget is spent — stops the project.
/// </summary>
public sealed class ProjectDriver(IGrainFactory grains, long userId, EvalIdea idea, TimeSpan timeout, Func<bool> budgetSpent, Action reportBudgetSpent)
{
    public const int MaxLoopPauses = 3;
    public const int MaxCapRaises = 2;

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public async Task<(Guid ProjectId, ProjectStatus Final, string Ending, double Seconds)> RunAsync(CancellationToken cancellationToken)
    {
        var projectId = Guid.NewGuid();
        var project = grains.GetGrain<IProjectGrain>(projectId);
        var clock = Stopwatch.StartNew();
        var created = await project.CreateAsync(userId, idea.Idea);
        if (!created.Accepted)
        {
            return (projectId, await project.GetStatusAsync(), "refused: " + created.Reply.Kind, clock.Elapsed.TotalSeconds);
        }

        var round = 0;
        long answeredAtSeq = -1, handledPauseAtSeq = -1;
        int loopPauses = 0, capRaises = 0;
        string? stopReason = null;
        var stopAsked = false;
        while (true)
        {
            var status = await project.GetStatusAsync();
            if (status.State is ProjectState.Completed or ProjectState.Failed or ProjectState.Cancelled)
            {
                return (projectId, status, stopReason ?? status.State.ToString().ToLowerInvariant(), clock.Elapsed.TotalSeconds);
            }

            if (stopReason is null)
            {
                stopReason = cancellationToken.IsCancellationRequested ? "interrupted"
                    : clock.Elapsed > timeout ? $"timed out after {timeout.TotalMinutes:0} min"
                    : budgetSpent() ? "stopped: budget spent"
                    : null;
            }

            if (stopReason is not null)
            {
                if (!stopAsked)
                {
                    stopAsked = true;
                    await project.CancelAsync(userId);
                }
                else if (clock.Elapsed > timeout + TimeSpan.FromMinutes(2))
                {
                    // Cancelling waits for the running step; a step that never reports is not waited for forever.
                    return (projectId, status, stopReason + " (still stopping)", clock.Elapsed.TotalSeconds);
                }
            }
            else
            {
                switch (status.State)
                {
                    case ProjectState.ClarifyingDetails when status.OpenQuestions.Count > 0 && status.LastEventSeq != answeredAtSeq:
                        answeredAtSeq = status.LastEventSeq;
                        await project.AnswerAsync(userId, idea.AnswerFor(++round));
                        break;
                    case ProjectState.ConfirmingScope:
                        await project.ConfirmScopeAsync(userId, true, null);
                        break;
                    case ProjectState.AwaitingStart:
                        await project.StartDevelopmentAsync(userId);
                        break;
                    case ProjectState.Paused when status.LastEventSeq != handledPauseAtSeq:
                        handledPauseAtSeq = status.LastEventSeq;
                        switch (status.Pause)
                        {
                            case PauseReason.NoCredits:
                                reportBudgetSpent();
                                stopReason = "stopped: budget spent";
                                break;
                            case PauseReason.CreditCapReached when capRaises < MaxCapRaises:
                                capRaises++;
                                await project.RaiseCapAsync(userId, Math.Max(1m, status.EstimateCredits));
                                break;
                            case PauseReason.CreditCapReached:
                                stopReason = "stopped: credit cap reached " + (MaxCapRaises + 1) + " times";
                                break;
                            default:
                                loopPauses++;
                                await project.ResumeAsync(userId, loopPauses > MaxLoopPauses ? ResumeDecision.Stop : ResumeDecision.SkipItem);
                                break;
                        }

                        break;
                }
            }

            await Task.Delay(Poll, CancellationToken.None);
        }
    }
}
