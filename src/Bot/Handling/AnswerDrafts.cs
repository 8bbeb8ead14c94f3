using System.Collections.Concurrent;
using System.Text;
using DevBot.GrainInterfaces.Projects;

namespace DevBot.Bot.Handling;

/// <summary>
/// Options a user tapped under a round of questions, until the answers are sent. Kept in memory on purpose: a lost
/// draft costs a tap, and the answers themselves are saved by the project once sent.
/// </summary>
public sealed class AnswerDrafts
{
    private readonly ConcurrentDictionary<(long User, Guid Project), ConcurrentDictionary<int, int>> _drafts = new();

    public void Choose(long user, Guid project, int question, int option)
    {
        var draft = _drafts.GetOrAdd((user, project), _ => new ConcurrentDictionary<int, int>());
        draft[question] = option;
    }

    public IReadOnlyDictionary<int, int>? Get(long user, Guid project) => _drafts.TryGetValue((user, project), out var draft) ? draft : null;

    /// <summary>The picked options as answer lines (numbered like the questions), then the user's own text.</summary>
    public string Compose(long user, Guid project, IReadOnlyList<ProjectQuestion> questions, string? text)
    {
        var answer = new StringBuilder();
        if (Get(user, project) is { } draft)
        {
            foreach (var (q, o) in draft.OrderBy(p => p.Key))
            {
                if (q < questions.Count && o < questions[q].Options.Count)
                {
                    answer.Append(q + 1).Append(". ").Append(questions[q].Text).Append(" → ").Append(questions[q].Options[o]).Append('\n');
                }
            }
        }

        return answer.Append(text).ToString().Trim();
    }

    public void Clear(long user, Guid project) => _drafts.TryRemove((user, project), out _);
}
