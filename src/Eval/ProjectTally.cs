using DevBot.Gateway;
using DevBot.Grains.Agents;

namespace DevBot.Eval;

/// <summary>One project's calls, tokens and charges as the gateway settled them, and its unusable answers.</summary>
public sealed class ProjectTally
{
    private readonly Lock _gate = new();

    public int Calls { get; private set; }

    /// <summary>The Implementer's answers (each one a set of edits to apply).</summary>
    public int EditAnswers { get; private set; }

    public long InputTokens { get; private set; }

    public long OutputTokens { get; private set; }

    public long CachedInputTokens { get; private set; }

    public decimal CostUsd { get; private set; }

    public decimal Credits { get; private set; }

    public int Malformed { get; private set; }

    public int CutOff { get; private set; }

    public int EditFailures { get; private set; }

    internal void Add(SettledCall call)
    {
        if (call.Replayed)
        {
            // A recorded answer settled again: the ledger charged it once, the first time, and so does the tally.
            return;
        }

        lock (_gate)
        {
            Calls++;
            EditAnswers += call.TaskType == "implement_todo" ? 1 : 0;
            InputTokens += call.Tokens.InputTokens;
            OutputTokens += call.Tokens.OutputTokens;
            CachedInputTokens += call.Tokens.CachedInputTokens;
            CostUsd += call.CostUsd;
            Credits += call.CreditsCharged;
        }
    }

    internal void Count(int eventId)
    {
        lock (_gate)
        {
            if (eventId == AgentEvents.MalformedAnswer.Id)
            {
                Malformed++;
            }
            else if (eventId == AgentEvents.AnswerCutOff.Id)
            {
                CutOff++;
            }
            else if (eventId == AgentEvents.EditsNotApplied.Id)
            {
                EditFailures++;
            }
        }
    }
}
