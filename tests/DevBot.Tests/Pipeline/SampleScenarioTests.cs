using System.Diagnostics;
using DevBot.ScriptedModels;
using DevBot.Tests.Infrastructure;
using DevBot.Workspace.Edits;

namespace DevBot.Tests.Pipeline;

/// <summary>The offline demo's scripted answers build a real project: applied in order, its own tests pass.</summary>
public sealed class SampleScenarioTests : IDisposable
{
    private readonly TempTree _tree = new();

    [Fact]
    public async Task ScriptedPlanAndItems_BuildAProjectWhoseTestsPass()
    {
        var scenario = new SampleProjectScenario();
        Apply(scenario.Reply(Request("[devbot:task=architect.plan]")).Content!);
        foreach (var item in SampleProjectScenario.ItemIds)
        {
            Apply(scenario.Reply(Request($"[devbot:task=implementer.item] [devbot:item={item}]")).Content!);
        }

        Apply(scenario.Reply(Request("[devbot:task=architect.readme]")).Content!);

        var (code, output) = await RunAsync(SampleProjectScenario.TestCommand);
        Assert.True(code == 0, output);
        Assert.Contains("test_empty_title_is_rejected", output, StringComparison.Ordinal);
        Assert.Contains("OK", output, StringComparison.Ordinal);
        Assert.Contains("Test command: `" + SampleProjectScenario.TestCommand + "`", _tree.Read("docs/deployment_guide.md"), StringComparison.Ordinal);
    }

    [Fact]
    public void Questions_ThenScope_AreValidJson()
    {
        var scenario = new SampleProjectScenario();

        var first = scenario.Reply(Request("[devbot:task=architect.questions] [devbot:round=1]")).Content!;
        var second = scenario.Reply(Request("[devbot:task=architect.questions] [devbot:round=2]")).Content!;

        Assert.Equal(3, System.Text.Json.JsonDocument.Parse(first).RootElement.GetProperty("questions").GetArrayLength());
        Assert.Equal("Notes CLI", System.Text.Json.JsonDocument.Parse(second).RootElement.GetProperty("title").GetString());
    }

    public void Dispose() => _tree.Dispose();

    private void Apply(string reply)
    {
        var outcome = EditApplier.ApplyReply(_tree.Repo, reply);
        Assert.True(outcome.Applied, outcome.Describe());
    }

    private static ScriptedRequest Request(string prompt) =>
        new(ScriptedRequest.Chat, "scripted-architect", [new ScriptedMessage("user", prompt, null, [])], [], [], null);

    private async Task<(int Code, string Output)> RunAsync(string command)
    {
        using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", command + " 2>&1"])
        {
            WorkingDirectory = _tree.Repo,
            RedirectStandardOutput = true,
            Environment = { ["PYTHONDONTWRITEBYTECODE"] = "1" },
        })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }
}
