using System.Globalization;
using System.Text.RegularExpressions;

namespace DevBot.ScriptedModels;

/// <summary>
/// A scripted Architect and Implementer for one sample project: it answers DevBot's prompts by their task markers
/// (<c>[devbot:task=…]</c>, <c>[devbot:item=…]</c>, <c>[devbot:phase=…]</c>, <c>[devbot:round=…]</c>) through
/// questions, scope, plan, items, verification, diagnosis and README. Every answer is scripted, none comes from a
/// model. Subclasses hold the answers of one project; this class dispatches and offers the hooks tests use.
/// </summary>
public abstract partial class ProjectScenario : IModelScript
{
    /// <summary>
    /// The marker of DevBot's follow-up when an item's edits applied but its check command failed: the scenario then
    /// answers with its fix for that item (edits on top of the first answer, which stays applied).
    /// </summary>
    public const string CheckFailedMarker = "[devbot:check=failed]";

    /// <summary>
    /// Called before each answer with the task (<c>architect.plan</c>, <c>implementer.item:1.2</c>,
    /// <c>implementer.check:1.2</c> for the answer to a failed check, <c>architect.verify:1:1</c>…); tests use it to
    /// hold an answer back while they stop a silo.
    /// </summary>
    public Action<string>? OnTask { get; set; }

    /// <summary>Called with every request before it is answered (tests look at what DevBot sent).</summary>
    public Action<ScriptedRequest>? OnRequest { get; set; }

    /// <summary>
    /// Tasks (as <see cref="OnTask"/> names them) whose first answer is cut off at the output limit (half the text,
    /// finish reason <c>length</c>); a request that names its own output room gets the whole answer.
    /// </summary>
    public HashSet<string> CutOffOnce { get; } = [];

    /// <summary>Items whose edits always fail to apply (a SEARCH that matches nothing), to test loop detection.</summary>
    public HashSet<string> BrokenItems { get; } = [];

    /// <summary>
    /// Files the scripted implementer adds to an item's answer (item id → path → content): generated code a test
    /// wants in the project, such as a test module that attacks the sandbox when the project's tests run.
    /// </summary>
    public Dictionary<string, Dictionary<string, string>> ExtraFiles { get; } = [];

    /// <summary>The title the scenario gives the project in its scope answer; later prompts carry it.</summary>
    internal abstract string ProjectTitle { get; }

    /// <summary>The deployment guide's test command; the diagnosis prompt names it.</summary>
    internal abstract string ProjectTestCommand { get; }

    /// <summary>
    /// A path only this scenario's projects have, seen in repository maps; null when DevBot's own prompts could name it
    /// too (their examples use notes/store.py).
    /// </summary>
    internal virtual string? SignatureFile => null;

    /// <summary>What the demo builds, after "The demo builds": "its sample Python notes command-line tool …".</summary>
    internal abstract string SampleDescription { get; }

    /// <summary>
    /// Whether the first question of round 1 starts by saying which sample the demo builds (the demo router turns it
    /// on; the Python scenario alone keeps its questions as they were).
    /// </summary>
    internal bool AnnouncesSample { get; set; }

    /// <summary>The sentence the first question starts with when <see cref="AnnouncesSample"/> is on.</summary>
    internal string Announcement => $"This is DevBot's offline demo: it builds {SampleDescription} whatever the details of your idea.";

    /// <summary>Round 1 of the questions: <c>{"questions": [...]}</c>.</summary>
    protected abstract string QuestionsAnswer { get; }

    /// <summary>Round 2 of the questions: <c>{"done": true, "title": …, "scope": …}</c>.</summary>
    protected abstract string ScopeAnswer { get; }

    /// <summary>The five plan files.</summary>
    protected abstract string PlanAnswer { get; }

    /// <summary>The README.md file.</summary>
    protected abstract string ReadmeAnswer { get; }

    /// <summary>The diagnosis of failing tests: <c>{"fixes": [...]}</c>.</summary>
    protected abstract string FixesAnswer { get; }

    /// <summary>The <c>search_code</c> query the scripted Architect runs before its verdict.</summary>
    protected abstract string SearchQuery { get; }

    /// <summary>A file every item after the first can expect, for the edit of a broken item.</summary>
    protected abstract string BrokenItemFile { get; }

    /// <summary>The edits of an item's first answer, or null for an item the scenario does not know.</summary>
    protected abstract string? ItemAnswer(string item);

    /// <summary>
    /// The edits that fix an item after DevBot reported its check failed, or null when the scenario has none (then it
    /// answers the item's edits again).
    /// </summary>
    protected virtual string? CheckFixAnswer(string item) => null;

    /// <summary>The verdict of a review: <c>{"pass": true}</c> or findings.</summary>
    protected virtual string VerdictAnswer(string phase, string round) => """{"pass": true}""";

    public ScriptedReply Reply(ScriptedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        OnRequest?.Invoke(request);
        var text = request.AllText;
        var task = Marker(text, "task");
        var checkFailed = task == "implementer.item" && CheckFailed(request);
        var name = task switch
        {
            "implementer.item" when checkFailed => $"implementer.check:{Marker(text, "item")}",
            "implementer.item" => $"{task}:{Marker(text, "item")}",
            "architect.verify" => $"{task}:{Marker(text, "phase")}:{Marker(text, "round")}",
            "architect.questions" => $"{task}:{Marker(text, "round")}",
            _ => task ?? "?",
        };
        OnTask?.Invoke(name);
        var reply = Answer(request, text, task, checkFailed);
        lock (CutOffOnce)
        {
            if (request.MaxTokens is null && reply.Content is { Length: > 1 } content && CutOffOnce.Remove(name))
            {
                return reply with { Content = content[..(content.Length / 2)], FinishReason = "length" };
            }
        }

        return reply;
    }

    /// <summary>The value of a task marker (<c>[devbot:NAME=value]</c>) in a text, or null.</summary>
    internal static string? Marker(string text, string name)
    {
        var match = Regex.Match(text, @"\[devbot:" + Regex.Escape(name) + @"=([^\]]+)\]");
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>
    /// True when a user message after the item's prompt reports a failed check. Not only the last one: if the fix's
    /// edits came back refused, the retry still needs the fix, not the first answer again.
    /// </summary>
    private static bool CheckFailed(ScriptedRequest request) =>
        request.Messages.Where(m => m.Role == "user").Skip(1).Any(m => m.Content.Contains(CheckFailedMarker, StringComparison.Ordinal));

    private ScriptedReply Answer(ScriptedRequest request, string text, string? task, bool checkFailed) =>
        task switch
        {
            "architect.questions" => Questions(int.Parse(Marker(text, "round") ?? "1", CultureInfo.InvariantCulture)),
            "architect.plan" => new ScriptedReply(PlanAnswer),
            "architect.replan" => new ScriptedReply(ReplanAnswer(text)),
            "implementer.item" => Implement(Marker(text, "item") ?? "?", checkFailed),
            "architect.verify" => Verify(request, Marker(text, "phase") ?? "0", Marker(text, "round") ?? "1"),
            "architect.diagnose" => new ScriptedReply(FixesAnswer),
            "architect.readme" => new ScriptedReply(ReadmeAnswer),
            _ => new ScriptedReply("[scripted model] This is DevBot's scripted demo model; it only answers DevBot's own prompts."),
        };

    /// <summary>
    /// A revision of the plan as the user asked: the request is written down in docs/changes.md and one TODO item is
    /// added after the last one (the scripted implementer answers an item it has no edits for with a note, so the
    /// project still completes). Both edits are made against the TODO.md the prompt shows, as a real Architect would.
    /// </summary>
    protected virtual string ReplanAnswer(string prompt)
    {
        var request = Between(prompt, "The user's request:\n<<<\n", "\n>>>") ?? "(no request)";
        var todo = Between(prompt, "Current TODO.md:\n````\n", "\n````") ?? string.Empty;
        var last = TodoItemRegex().Matches(todo).LastOrDefault();
        var answer = $"docs/changes.md\n````markdown\n# Changes requested by the user\n\n- {request.Replace("\n", " ", StringComparison.Ordinal)}\n````\n";
        if (last is null)
        {
            return answer;
        }

        var phase = int.Parse(last.Groups[1].Value, CultureInfo.InvariantCulture);
        var item = int.Parse(last.Groups[2].Value, CultureInfo.InvariantCulture) + 1;
        return answer + $"\nTODO.md\n<<<<<<< SEARCH\n{last.Value}\n=======\n{last.Value}\n"
               + $"- [ ] {phase}.{item} Record the requested change in docs/changes.md (files: docs/changes.md; check: `{ProjectTestCommand}`)\n>>>>>>> REPLACE\n";
    }

    private static string? Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        if (from < 0)
        {
            return null;
        }

        from += start.Length;
        var to = text.IndexOf(end, from, StringComparison.Ordinal);
        return to < 0 ? null : text[from..to];
    }

    [GeneratedRegex(@"^- \[[ x]\] (\d+)\.(\d+) .*$", RegexOptions.Multiline)]
    private static partial Regex TodoItemRegex();

    private ScriptedReply Questions(int round)
    {
        if (round > 1)
        {
            return new ScriptedReply(ScopeAnswer);
        }

        if (!AnnouncesSample)
        {
            return new ScriptedReply(QuestionsAnswer);
        }

        // The bot shows each question's text and options only, so the first question says what the demo builds.
        var first = FirstQuestionTextRegex().Match(QuestionsAnswer);
        return new ScriptedReply(first.Success
            ? QuestionsAnswer.Insert(first.Index + first.Length, Announcement + "\\n")
            : QuestionsAnswer);
    }

    private ScriptedReply Implement(string item, bool checkFailed)
    {
        if (BrokenItems.Contains(item))
        {
            return new ScriptedReply($"{BrokenItemFile}\n<<<<<<< SEARCH\nthis line does not exist\n=======\nx = 1\n>>>>>>> REPLACE\n");
        }

        var answer = (checkFailed ? CheckFixAnswer(item) : null)
                     ?? ItemAnswer(item)
                     ?? $"docs/unknown.md\n````\nThe scripted implementer has no edits for item {item}.\n````\n";
        foreach (var (path, content) in ExtraFiles.GetValueOrDefault(item) ?? [])
        {
            answer += $"\n{path}\n````\n{content.TrimEnd('\n')}\n````\n";
        }

        return new ScriptedReply(answer);
    }

    private ScriptedReply Verify(ScriptedRequest request, string phase, string round)
    {
        var search = request.ToolNames.FirstOrDefault(n => n.EndsWith("search_code", StringComparison.Ordinal));
        if (search is not null && request.ToolResults.Count == 0 && !request.Messages.Any(m => m.Role == "tool"))
        {
            // Look at the code before judging, as a real Architect would.
            return new ScriptedReply(null, [new ScriptedToolCall("call_search_1", search, $"{{\"query\": \"{SearchQuery}\", \"k\": 3}}")]);
        }

        return new ScriptedReply(VerdictAnswer(phase, round));
    }

    [GeneratedRegex(@"""text"":\s*""")]
    private static partial Regex FirstQuestionTextRegex();
}
