using System.Text.Json;
using System.Text.RegularExpressions;
using DevBot.Grains.Agents;
using DevBot.ScriptedModels;
using DevBot.Tests.Infrastructure;
using DevBot.Workspace.Edits;
using DevBot.Workspace.Todo;

namespace DevBot.Tests.Pipeline;

/// <summary>
/// The Node and .NET sample scenarios answer every task in the shapes DevBot reads, and their edits, applied in order
/// (the first try of the item whose check fails, then its fix), build the project their plan describes. Installing
/// and running the projects is left to the journeys, which go through the real sandbox.
/// </summary>
public sealed partial class ApiScenarioTests : IDisposable
{
    private readonly TempTree _tree = new();

    public static TheoryData<string> Scenarios => ["node", "dotnet"];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void QuestionsRoundOne_ThreeQuestionsWithOptions_TheFirstSayingWhichSampleTheDemoBuilds(string name)
    {
        var (scenario, facts) = Make(name);

        var answer = Ask(scenario, "[devbot:task=architect.questions] [devbot:round=1]").Content!;

        var parsed = StructuredAnswers.ParseQuestions(answer, 3);
        Assert.Equal(3, parsed.Questions.Count);
        Assert.All(parsed.Questions, q => Assert.InRange(q.Options.Count, 2, 5));
        Assert.StartsWith("This is DevBot's offline demo: it builds its sample " + facts.Sample, parsed.Questions[0].Text, StringComparison.Ordinal);
        foreach (var question in JsonDocument.Parse(answer).RootElement.GetProperty("questions").EnumerateArray())
        {
            Assert.All(new[] { "id", "topic", "text", "options" }, key => Assert.True(question.TryGetProperty(key, out _), key));
        }
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void QuestionsRoundTwo_IsTheScopeWithTheScenariosTitle(string name)
    {
        var (scenario, facts) = Make(name);

        var answer = StructuredAnswers.ParseQuestions(Ask(scenario, "[devbot:task=architect.questions] [devbot:round=2]").Content!, 3);

        Assert.Empty(answer.Questions);
        Assert.Equal(facts.Title, answer.Title);
        Assert.False(string.IsNullOrWhiteSpace(answer.Scope));
        Assert.DoesNotContain('`', answer.Scope!);
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Verify_SearchesTheCodeFirst_ThenPasses(string name)
    {
        var (scenario, _) = Make(name);
        var prompt = new ScriptedMessage("user", "[devbot:task=architect.verify] [devbot:phase=1] [devbot:round=1]", null, []);

        var first = scenario.Reply(new ScriptedRequest(ScriptedRequest.Chat, "m", [prompt], ["search_code"], [], null));
        var call = Assert.Single(first.ToolCalls!);
        var then = scenario.Reply(new ScriptedRequest(ScriptedRequest.Chat, "m",
            [prompt, new ScriptedMessage("assistant", string.Empty, null, [call]), new ScriptedMessage("tool", "(code)", call.Id, [])], ["search_code"], [], null));

        Assert.Equal("search_code", call.Name);
        Assert.False(string.IsNullOrWhiteSpace(JsonDocument.Parse(call.ArgumentsJson).RootElement.GetProperty("query").GetString()));
        Assert.Empty(StructuredAnswers.ParseVerdict(then.Content!));
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Diagnose_AnswersFixesTheParserAccepts(string name)
    {
        var (scenario, _) = Make(name);

        var fixes = StructuredAnswers.ParseFixes(Ask(scenario, "[devbot:task=architect.diagnose] [devbot:round=1]").Content!);

        Assert.NotEmpty(Assert.Single(fixes).Files);
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Plan_DeploymentGuideNamesInstallBuildAndTestCommands_AndEveryItemHasACheckCommand(string name)
    {
        var (scenario, facts) = Make(name);

        Apply(Ask(scenario, "[devbot:task=architect.plan]").Content!);

        var guide = _tree.Read("docs/deployment_guide.md");
        Assert.Contains($"Install command: `{facts.Install}`", guide, StringComparison.Ordinal);
        Assert.Contains($"Build command: `{facts.Build}`", guide, StringComparison.Ordinal);
        Assert.Contains($"Test command: `{facts.Test}`", guide, StringComparison.Ordinal);
        var commands = DevBot.Workspace.Stacks.ProjectCommands.From(guide, []);
        Assert.Equal((facts.Install, facts.Build, facts.Test), (commands.Install, commands.Build, commands.Test));
        var todo = TodoDocument.Parse(_tree.Read("TODO.md"));
        Assert.All(todo.Items, item => Assert.Equal(facts.Checks[item.Id], DevBot.Workspace.Stacks.ProjectCommands.ItemCheck(item.Text)));
        Assert.Equal(facts.ItemIds, todo.Items.Select(i => i.Id));
        Assert.All(todo.Items, item => Assert.Equal(facts.Checks[item.Id], CheckRegex().Match(item.Text).Groups["command"].Value));
        Assert.Contains("# Requirements — " + facts.Title, _tree.Read("docs/requirements.md"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void AllAnswers_ApplyInOrder_WithTheFailingItemsFirstTryAndThenItsFix(string name)
    {
        var (scenario, facts) = Make(name);
        var tasks = new List<string>();
        scenario.OnTask = tasks.Add;

        Apply(Ask(scenario, "[devbot:task=architect.plan]").Content!);
        foreach (var item in facts.ItemIds)
        {
            var prompt = $"[devbot:task=implementer.item] [devbot:item={item}]";
            var first = Ask(scenario, prompt).Content!;
            Apply(first);
            if (item == facts.CheckFailsFirst)
            {
                Assert.DoesNotContain(facts.FixedText, Read(facts.FixedFile), StringComparison.Ordinal);
                Apply(scenario.Reply(CheckFailed(prompt, first)).Content!);
                Assert.Contains(facts.FixedText, Read(facts.FixedFile), StringComparison.Ordinal);
            }
        }

        Apply(Ask(scenario, "[devbot:task=architect.readme]").Content!);

        Assert.Contains($"implementer.check:{facts.CheckFailsFirst}", tasks);
        Assert.All(facts.Files, file => Assert.True(File.Exists(Path.Combine(_tree.Repo, file)), file));
        var headings = _tree.Read("README.md").Split('\n').Where(l => l.StartsWith("## ", StringComparison.Ordinal)).Select(l => l[3..].Trim());
        Assert.Equal(new[] { "Overview", "Prerequisites", "Installation", "Configuration", "Running", "Usage", "Directory layout" }, headings);
        Assert.False(File.Exists(Path.Combine(_tree.Repo, "package-lock.json")));
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void CheckFailed_OnAnItemWithoutAFix_AnswersThatItemsEditsAgain(string name)
    {
        var (scenario, facts) = Make(name);
        var prompt = $"[devbot:task=implementer.item] [devbot:item={facts.ItemIds[0]}]";
        var first = Ask(scenario, prompt).Content!;

        Assert.Equal(first, scenario.Reply(CheckFailed(prompt, first)).Content);
    }

    [Fact]
    public void NodePackageJson_PinsTheServedVersions_RunsNodeTest_AndShipsNoLockFile()
    {
        var answer = Ask(new NodeApiScenario(), "[devbot:task=implementer.item] [devbot:item=1.1]").Content!;
        Apply(answer);

        var package = JsonDocument.Parse(_tree.Read("package.json")).RootElement;
        Assert.Equal("node --test", package.GetProperty("scripts").GetProperty("test").GetString());
        Assert.Equal("5.3.0", package.GetProperty("dependencies").GetProperty("express").GetString());
        Assert.Equal("7.3.2", package.GetProperty("devDependencies").GetProperty("supertest").GetString());
        Assert.DoesNotContain("package-lock.json", answer, StringComparison.Ordinal);
    }

    [Fact]
    public void DotNetTestProject_PinsTheServedVersions_AndTheSolutionListsBothProjects()
    {
        Apply(Ask(new DotNetApiScenario(), "[devbot:task=implementer.item] [devbot:item=1.1]").Content!);

        var references = PackageRegex().Matches(_tree.Read("tests/TodoApi.Tests/TodoApi.Tests.csproj"))
            .ToDictionary(m => m.Groups["id"].Value, m => m.Groups["version"].Value);
        Assert.Equal(new Dictionary<string, string>
        {
            ["Microsoft.AspNetCore.Mvc.Testing"] = "10.0.15",
            ["Microsoft.NET.Test.Sdk"] = "18.11.0",
            ["xunit"] = "2.9.3",
            ["xunit.runner.visualstudio"] = "3.1.5",
        }, references);
        var solution = _tree.Read("TodoApi.slnx");
        Assert.Contains("src/TodoApi/TodoApi.csproj", solution, StringComparison.Ordinal);
        Assert.Contains("tests/TodoApi.Tests/TodoApi.Tests.csproj", solution, StringComparison.Ordinal);
        Assert.Contains("public partial class Program;", _tree.Read("src/TodoApi/Program.cs"), StringComparison.Ordinal);
    }

    public void Dispose() => _tree.Dispose();

    private static (ProjectScenario Scenario, Facts Facts) Make(string name) => name switch
    {
        "node" => (new NodeApiScenario(), new Facts(NodeApiScenario.Title, "Node.js bookmarks API", NodeApiScenario.InstallCommand, NodeApiScenario.BuildCommand,
            NodeApiScenario.TestCommand, NodeApiScenario.ItemIds, NodeApiScenario.CheckCommands, NodeApiScenario.CheckFailsFirstItem,
            "src/app.js", "res.status(201)", ["package.json", ".gitignore", "src/store.js", "src/app.js", "src/server.js", "test/store.test.js", "test/app.test.js", "test/server.test.js"])),
        _ => (new DotNetApiScenario(), new Facts(DotNetApiScenario.Title, "C# to-do API", DotNetApiScenario.InstallCommand, DotNetApiScenario.BuildCommand,
            DotNetApiScenario.TestCommand, DotNetApiScenario.ItemIds, DotNetApiScenario.CheckCommands, DotNetApiScenario.CheckFailsFirstItem,
            "src/TodoApi/TodoStore.cs", "using System.Collections.Concurrent;",
            ["TodoApi.slnx", ".gitignore", "src/TodoApi/TodoApi.csproj", "src/TodoApi/Program.cs", "src/TodoApi/Todo.cs", "src/TodoApi/TodoStore.cs",
             "tests/TodoApi.Tests/TodoApi.Tests.csproj", "tests/TodoApi.Tests/HealthTests.cs", "tests/TodoApi.Tests/TodoEndpointsTests.cs"])),
    };

    private static ScriptedReply Ask(ProjectScenario scenario, string prompt) =>
        scenario.Reply(new ScriptedRequest(ScriptedRequest.Chat, "scripted-implementer", [new ScriptedMessage("user", prompt, null, [])], [], [], null));

    /// <summary>DevBot's follow-up after a failed check: the same conversation, the answer, then the check's output.</summary>
    private static ScriptedRequest CheckFailed(string prompt, string answer) =>
        new(ScriptedRequest.Chat, "scripted-implementer",
        [
            new ScriptedMessage("user", prompt, null, []),
            new ScriptedMessage("assistant", answer, null, []),
            new ScriptedMessage("user", $"The check failed. {ProjectScenario.CheckFailedMarker}\n<<<\nnot ok 1 - expected 201, got 200\n>>>\nAnswer with further edits.", null, []),
        ], [], [], null);

    private void Apply(string reply)
    {
        var outcome = EditApplier.ApplyReply(_tree.Repo, reply);
        Assert.True(outcome.Applied, outcome.Describe());
    }

    private string Read(string file) => _tree.Read(file);

    [GeneratedRegex(@"check:\s*`(?<command>[^`]+)`")]
    private static partial Regex CheckRegex();

    [GeneratedRegex(@"<PackageReference Include=""(?<id>[^""]+)"" Version=""(?<version>[^""]+)"" />")]
    private static partial Regex PackageRegex();

    private sealed record Facts(string Title, string Sample, string Install, string Build, string Test, IReadOnlyList<string> ItemIds,
        IReadOnlyDictionary<string, string> Checks, string CheckFailsFirst, string FixedFile, string FixedText, string[] Files);
}
