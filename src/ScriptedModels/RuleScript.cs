namespace DevBot.ScriptedModels;

/// <summary>
/// Answers with the first rule whose condition matches the request (typically a task marker in the prompt), else
/// with a labelled echo. Rules are evaluated in the order they were added.
/// </summary>
public sealed class RuleScript : IModelScript
{
    private readonly List<(Func<ScriptedRequest, bool> When, Func<ScriptedRequest, ScriptedReply> Then)> _rules = [];

    public RuleScript When(Func<ScriptedRequest, bool> condition, Func<ScriptedRequest, ScriptedReply> reply)
    {
        lock (_rules)
        {
            _rules.Add((condition, reply));
        }

        return this;
    }

    /// <summary>Answers requests whose text contains <paramref name="marker"/>.</summary>
    public RuleScript WhenContains(string marker, Func<ScriptedRequest, ScriptedReply> reply) =>
        When(r => r.AllText.Contains(marker, StringComparison.Ordinal), reply);

    public ScriptedReply Reply(ScriptedRequest request)
    {
        lock (_rules)
        {
            foreach (var (when, then) in _rules)
            {
                if (when(request))
                {
                    return then(request);
                }
            }
        }

        var prompt = request.LastUserText ?? string.Empty;
        return new ScriptedReply($"[scripted model] no script matched; you said: {prompt[..Math.Min(prompt.Length, 80)]}");
    }
}
