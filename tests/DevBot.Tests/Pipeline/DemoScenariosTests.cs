using System.Text.RegularExpressions;
using DevBot.Grains.Agents;
using DevBot.ScriptedModels;
using DevBot.Tests.Infrastructure;
using DevBot.Workspace.Edits;

namespace DevBot.Tests.Pipeline;

/// <summary>
/// The demo's router hands each request to the sample of its project: the first question round by the user's idea,
/// later prompts (rendered from DevBot's real templates) by the title the sample gave the project, or by the command
/// the diagnosis names.
/// </summary>
public sealed partial class DemoScenariosTests
{
    private static readonly PromptLibrary Prompts = new();

    private const string Notes = "Python notes command-line tool";
    private const string Node = "Node.js bookmarks API";
    private const string DotNet = "C# to-do API";

    // Ideas worded as real requests are: titles of public tutorials, GitHub issues and pull requests (cited beside
    // each), plus a few written to catch words that only look like a stack ("express delivery", a tree "node").
    [Theory]
    [InlineData("Building a Node.js REST API with Express", Node)] // medium.com/@jeffandersen/building-a-node-js-rest-api-with-express-46b0901f29b6
    [InlineData("How to build a REST API with Express.js?", Node)] // itlead.org/interview-questions/expressjs/expressjs-rest-api
    [InlineData("mind if i add an express.js restful api?", Node)] // github.com/microsoft/TypeScriptSamples/issues/119
    [InlineData("Setup Express API Test with Mocha and Chai using Typescript", Node)] // github.com/MateuszNaKodach/SelfImprovement/issues/2358
    [InlineData("build me a small REST API in node for my bookmarks", Node)]
    [InlineData("Tutorial: Create a minimal API with ASP.NET Core", DotNet)] // learn.microsoft.com/aspnet/core/tutorials/min-web-api
    [InlineData("Two Ways To Create Minimal APIs In .NET 6", DotNet)] // c-sharpcorner.com/article/two-ways-to-create-minimal-apis-in-net-6
    [InlineData("Create ASP.NET Core Minimal API from Start till Finish [.NET 10]", DotNet)] // yogihosting.com/aspnet-core-minimal-api
    [InlineData("A C# web API that keeps my to-do list", DotNet)]
    [InlineData("Port my Express API to ASP.NET Core", DotNet)]
    [InlineData("We need to create a backend with a rest API", Node)] // github.com/pombredanne/test-repo-issues/issues/20
    [InlineData("Make the backend a REST Api", Node)] // github.com/arjuncvinod/Blogging-Website/issues/18
    [InlineData("Build a RESTful API", Node)] // github.com/sdebacker/TypiCMS/issues/20
    [InlineData("Simple rest api in flask", Notes)] // github.com/ishangoyal13/fullstackDevelopment/pull/249
    [InlineData("How to Create a RESTful API Using Python and Flask", Notes)] // github.com/linode/docs/pull/4631
    [InlineData("Quick note capture, list, search from terminal.", Notes)] // github.com/agarrharr/awesome-cli-apps/pull/818
    [InlineData("In terminal notes app will be handy.", Notes)] // github.com/smallOS-cyberwarfare/smallOS-cyberwarfare/issues/4
    [InlineData("An app for an express delivery company to track parcels", Notes)]
    [InlineData("Draw a binary tree and let me click a node to fold it", Notes)]
    public void RoundOne_ClassifiesTheIdea_AndTheFirstQuestionSaysWhichSampleItBuilds(string idea, string sample)
    {
        var router = new DemoScenarios();

        var first = StructuredAnswers.ParseQuestions(router.Reply(Questions(idea, round: 1)).Content!, 3).Questions[0].Text;

        Assert.Equal($"The demo builds its sample {sample}{Detail(sample)} whatever the details of your idea.", DemoScenarios.Describe(idea));
        Assert.StartsWith($"This is DevBot's offline demo: it builds its sample {sample}", first, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Building a Node.js REST API with Express", NodeApiScenario.Title)]
    [InlineData("Tutorial: Create a minimal API with ASP.NET Core", DotNetApiScenario.Title)]
    [InlineData("Quick note capture, list, search from terminal.", SampleProjectScenario.Title)]
    public void LaterQuestionRounds_FollowTheSameIdea_ToThatSamplesScope(string idea, string title)
    {
        var scope = StructuredAnswers.ParseQuestions(new DemoScenarios().Reply(Questions(idea, round: 2)).Content!, 3);

        Assert.Equal(title, scope.Title);
    }

    [Theory]
    [InlineData("notes")]
    [InlineData("node")]
    [InlineData("dotnet")]
    public void LaterPrompts_GoToTheSampleWhoseTitleTheyCarry_WhateverTheIdeaSays(string name)
    {
        var router = new DemoScenarios();
        var all = new Dictionary<string, ProjectScenario> { ["notes"] = new SampleProjectScenario(), ["node"] = new NodeApiScenario(), ["dotnet"] = new DotNetApiScenario() };
        var own = all[name];
        var (title, command, item) = name switch
        {
            "notes" => (SampleProjectScenario.Title, SampleProjectScenario.TestCommand, "1.2"),
            "node" => (NodeApiScenario.Title, NodeApiScenario.TestCommand, NodeApiScenario.CheckFailsFirstItem),
            _ => (DotNetApiScenario.Title, DotNetApiScenario.TestCommand, DotNetApiScenario.CheckFailsFirstItem),
        };
        // The user's words name the other samples' titles and stacks; they must not steer the later prompts.
        const string idea = "Something like a Notes CLI, a Todo API in C# or a Bookmarks API in Express";
        var (requirements, guide) = PlanFiles(own);
        var itemPrompt = Render("implementer.item.v3", new() { ["title"] = title, ["itemId"] = item, ["itemText"] = "the item", ["repoMap"] = "(map)" });
        var requests = new Dictionary<string, ScriptedRequest>
        {
            ["plan"] = Chat("architect.system.v2", Render("architect.plan.v2", new() { ["title"] = title, ["scope"] = "the agreed scope", ["idea"] = idea })),
            // Prompts are being reordered for providers' caches: the idea may come before the title one day.
            ["plan, idea first"] = Chat("architect.system.v2", $"The user's original idea:\n<<<\n{idea}\n>>>\n\nTitle: {title}\n\n[devbot:task=architect.plan]"),
            ["item"] = Chat("implementer.system.v2", itemPrompt),
            ["check"] = Chat("implementer.system.v2", itemPrompt, "(the first answer)",
                $"The check `{command}` failed. {ProjectScenario.CheckFailedMarker}\n<<<\n(output)\n>>>\nAnswer with further edits on top of the files as they are now."),
            ["verify"] = Chat("architect.system.v2", Render("architect.verify.v3", new() { ["requirements"] = requirements, ["phase"] = "1", ["round"] = "1", ["what"] = "phase 1" }))
                with { ToolNames = ["search_code", "read_file"] },
            ["diagnose"] = Chat("architect.system.v2", Render("architect.diagnose.v2", new() { ["command"] = command, ["exitCode"] = "1", ["round"] = "1", ["output"] = "1 failed" })),
            ["readme"] = Chat("architect.system.v2", Render("architect.readme.v2", new() { ["title"] = title, ["deployment"] = guide })),
        };

        foreach (var (kind, request) in requests)
        {
            var expected = Shown(own.Reply(request));
            Assert.True(expected == Shown(router.Reply(request)), $"{kind} of {name} went to another sample");
            Assert.All(all.Where(other => other.Key != name), other => Assert.NotEqual(expected, Shown(other.Value.Reply(request))));
        }
    }

    [Fact]
    public void TheNotesSample_SaysItIsTheDemo_OnlyThroughTheRouter()
    {
        var idea = "Quick note capture, list, search from terminal.";

        var alone = new SampleProjectScenario().Reply(Questions(idea, round: 1)).Content!;
        var routed = new DemoScenarios().Reply(Questions(idea, round: 1)).Content!;

        Assert.DoesNotContain("offline demo", alone, StringComparison.Ordinal);
        Assert.Contains("offline demo", routed, StringComparison.Ordinal);
    }

    [Fact]
    public void Hooks_OfTheScenariosGivenToTheRouter_SeeTheirProjectsRequests()
    {
        var node = new NodeApiScenario();
        var tasks = new List<string>();
        node.OnTask = tasks.Add;
        var router = new DemoScenarios(new SampleProjectScenario(), node, new DotNetApiScenario());

        router.Reply(Questions("How to build a REST API with Express.js?", round: 1));
        router.Reply(Questions("Quick note capture, list, search from terminal.", round: 1));

        Assert.Equal("architect.questions:1", Assert.Single(tasks));
    }

    private static string Detail(string sample) => sample switch
    {
        Notes => " (standard library only)",
        Node => " (Express, supertest)",
        _ => " (ASP.NET Core minimal API, xunit)",
    };

    private static ScriptedRequest Questions(string idea, int round) =>
        Chat("architect.system.v2", Render("architect.questions.v3", new()
        {
            ["idea"] = idea,
            ["history"] = round == 1 ? string.Empty : "Q (features): Which features?\nA: all of them",
            ["round"] = round.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["maxRounds"] = "3",
            ["maxQuestions"] = "3",
        }));

    /// <summary>A chat as DevBot sends it: its system prompt, the task, and any later turns (answer, follow-up, …).</summary>
    private static ScriptedRequest Chat(string system, string prompt, params string[] turns) =>
        new(ScriptedRequest.Chat, "scripted",
            [
                new ScriptedMessage("system", Prompts.Text(system), null, []),
                new ScriptedMessage("user", prompt, null, []),
                .. turns.Select((turn, i) => new ScriptedMessage(i % 2 == 0 ? "assistant" : "user", turn, null, [])),
            ],
            [], [], null);

    /// <summary>Fills a real template; placeholders the test does not care about get a neutral value.</summary>
    private static string Render(string template, Dictionary<string, string> values)
    {
        var filled = PlaceholderRegex().Matches(Prompts.Text(template)).Select(m => m.Groups[1].Value).Distinct()
            .ToDictionary(key => key, key => values.GetValueOrDefault(key) ?? "(none)");
        return Prompts.Render(template, filled);
    }

    private static (string Requirements, string Guide) PlanFiles(ProjectScenario scenario)
    {
        using var tree = new TempTree();
        var plan = scenario.Reply(new ScriptedRequest(ScriptedRequest.Chat, "m", [new ScriptedMessage("user", "[devbot:task=architect.plan]", null, [])], [], [], null));
        Assert.True(EditApplier.ApplyReply(tree.Repo, plan.Content!).Applied);
        return (tree.Read("docs/requirements.md"), tree.Read("docs/deployment_guide.md"));
    }

    private static string Shown(ScriptedReply reply) =>
        reply.Content ?? string.Join('\n', (reply.ToolCalls ?? []).Select(c => c.Name + c.ArgumentsJson));

    [GeneratedRegex(@"\{\{([A-Za-z][A-Za-z0-9]*)\}\}")]
    private static partial Regex PlaceholderRegex();
}
