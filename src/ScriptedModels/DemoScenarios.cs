using System.Text.RegularExpressions;

namespace DevBot.ScriptedModels;

/// <summary>
/// The offline demo's one script for every project and user: it hands each request to the sample scenario of its
/// project. The first question round classifies the user's idea (see <see cref="Describe"/>); from the scope on, the
/// project carries the title the scenario gave it, and later prompts are routed by that title (the plan, every
/// implementer request and its follow-ups, the README, and the review, whose requirements excerpt starts with it),
/// the diagnosis by the test command it names, and anything else by the idea again. Each scenario's first question
/// says which sample the demo builds.
/// </summary>
public sealed partial class DemoScenarios : IModelScript
{
    /// <summary>For the silo's log and front-ends: what the demo builds.</summary>
    public const string Summary =
        "The scripted demo builds one of three samples whatever the details of the idea: a Node.js bookmarks API when the idea names "
        + "Node, JavaScript, TypeScript, Express or npm, or asks for a web API or backend without naming a language; a C# to-do API "
        + "when it names C#, .NET, ASP.NET or a minimal API; a Python notes command-line tool otherwise.";

    private static readonly ProjectScenario[] Prototypes = [new SampleProjectScenario(), new NodeApiScenario(), new DotNetApiScenario()];

    private readonly ProjectScenario[] _scenarios;

    public DemoScenarios()
        : this(new SampleProjectScenario(), new NodeApiScenario(), new DotNetApiScenario())
    {
    }

    /// <summary>Routes to the given scenarios (tests hook them); the notes scenario is made to say it is the demo.</summary>
    public DemoScenarios(SampleProjectScenario notes, NodeApiScenario node, DotNetApiScenario dotNet)
    {
        ArgumentNullException.ThrowIfNull(notes);
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(dotNet);
        notes.AnnouncesSample = true;
        _scenarios = [notes, node, dotNet];
    }

    private enum Sample
    {
        Notes = 0,
        Node = 1,
        DotNet = 2,
    }

    /// <summary>One plain sentence saying which sample the demo builds for an idea.</summary>
    public static string Describe(string idea) =>
        $"The demo builds {Prototypes[(int)Classify(idea)].SampleDescription} whatever the details of your idea.";

    public ScriptedReply Reply(ScriptedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Pick(request).Reply(request);
    }

    private ProjectScenario Pick(ScriptedRequest request)
    {
        var text = request.AllText;
        var idea = IdeaRegex().Match(text) is { Success: true } found ? found.Groups["idea"].Value : null;
        if (ProjectScenario.Marker(text, "task") == "architect.questions")
        {
            // No title yet (round 1), or only the questions' history (later rounds): the idea decides, the same way each round.
            return _scenarios[(int)Classify(idea ?? request.LastUserText ?? string.Empty)];
        }

        // The user's words could name another sample's title; only DevBot's own text counts.
        var own = IdeaRegex().Replace(text, string.Empty);
        var byTitle = _scenarios
            .Select(scenario => (Scenario: scenario, At: own.IndexOf(scenario.ProjectTitle, StringComparison.Ordinal)))
            .Where(hit => hit.At >= 0)
            .OrderBy(hit => hit.At)
            .Select(hit => hit.Scenario)
            .FirstOrDefault();
        if (byTitle is not null)
        {
            return byTitle;
        }

        // The diagnosis prompt names no title, but the command that failed.
        if (CommandRegex().Match(own) is { Success: true } command
            && _scenarios.FirstOrDefault(s => command.Groups["command"].Value.Contains(s.ProjectTestCommand, StringComparison.Ordinal)) is { } byCommand)
        {
            return byCommand;
        }

        // A repository map names the project's files.
        if (_scenarios.FirstOrDefault(s => s.SignatureFile is { } file && own.Contains(file, StringComparison.Ordinal)) is { } byFile)
        {
            return byFile;
        }

        return _scenarios[(int)Classify(idea ?? string.Empty)];
    }

    /// <summary>
    /// Which sample an idea gets: a named .NET stack wins, then a named Node stack; another named language gets the
    /// notes tool; a web API or backend with no language named gets the Node API; anything else the notes tool.
    /// </summary>
    private static Sample Classify(string idea)
    {
        if (DotNetRegex().IsMatch(idea))
        {
            return Sample.DotNet;
        }

        if (NodeRegex().IsMatch(idea))
        {
            return Sample.Node;
        }

        // "Node" and "Express" alone are English words too (a tree node, express delivery): beside a web API they
        // are covered by this rule, and elsewhere they name nothing the demo builds.
        return WebApiRegex().IsMatch(idea) && !OtherLanguageRegex().IsMatch(idea) ? Sample.Node : Sample.Notes;
    }

    [GeneratedRegex(@"idea[^\n:]*:[ \t]*\n<<<\n(?<idea>.*?)\n>>>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex IdeaRegex();

    [GeneratedRegex(@"The command `(?<command>[^`\n]+)`")]
    private static partial Regex CommandRegex();

    [GeneratedRegex(@"\bc#|\bc\s?sharp\b|\basp\s?\.\s?net\b|\bdotnet\b|(?<![\w.])\.net\b|\bminimal\s+apis?\b|\bblazor\b|\bentity\s+framework\b|\bef\s+core\b|\bnuget\b|\bxunit\b", RegexOptions.IgnoreCase)]
    private static partial Regex DotNetRegex();

    [GeneratedRegex(@"\bnode\s?\.?\s?js\b|\bjavascript\b|\btypescript\b|\bjs\b|\bnpm\b|\bexpress\s?\.?\s?js\b|\bnest\s?\.?\s?js\b|\bfastify\b|\bkoa\b|\bsupertest\b|\bjest\b", RegexOptions.IgnoreCase)]
    private static partial Regex NodeRegex();

    [GeneratedRegex(@"\bweb\s?apis?\b|\brest(?:ful)?\s+(?:apis?|services?|servers?|backends?|endpoints?|interfaces?)\b|\brestful\b|\bhttp\s+apis?\b|\bjson\s+apis?\b|\bback-?\s?ends?\b|\bserver-side\b|\bapi\s+servers?\b|\bendpoints?\b|\bmicroservices?\b|\bcrud\s+apis?\b|\b(?:a|an)\s+(?:[\w-]+\s+){0,3}?apis?\b", RegexOptions.IgnoreCase)]
    private static partial Regex WebApiRegex();

    [GeneratedRegex(@"\bpython\b|\bdjango\b|\bflask\b|\bfastapi\b|\bgolang\b|\b(?:in|with|using)\s+go\b|\bgo\s+(?:api|server|backend|service|program|module)\b|\brust\b|\bjava\b|\bkotlin\b|\bspring\s+boot\b|\bruby\b|\brails\b|\bphp\b|\blaravel\b|\belixir\b|\bphoenix\b|\bscala\b|\bswift\b|\bc\+\+|\bperl\b|\bhaskell\b|\bclojure\b|\bdart\b|\bf#", RegexOptions.IgnoreCase)]
    private static partial Regex OtherLanguageRegex();
}
