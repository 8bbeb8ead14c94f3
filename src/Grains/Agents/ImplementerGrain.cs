using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using DevBot.Gateway;
using DevBot.GrainInterfaces.CodeIndex;
using DevBot.GrainInterfaces.Projects;
using DevBot.Grains.Projects;
using DevBot.Workspace.Edits;
using DevBot.Workspace.Git;
using DevBot.Workspace.Packaging;
using DevBot.Workspace.Paths;
using DevBot.Workspace.Sandbox;
using DevBot.Workspace.Todo;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace DevBot.Grains.Agents;

/// <summary>
/// The Implementer: one TODO item per step — context (the item, docs, repo map, related code, the files it names,
/// all within the context budget) → edits → applied (all or none; failures go back to the model) → item marked done
/// → commit → index updated. Also runs the project's tests in the sandbox and builds the package.
/// </summary>
[StatelessWorker(64)]
public sealed partial class ImplementerGrain(AgentKit kit, ProjectStore projects, ILogger<ImplementerGrain> logger) : Grain, IImplementerGrain
{
    public Task RunStepAsync(StepRequest step) =>
        StepRunner.RunAndReportAsync(GrainFactory, step, logger, () => step.Input switch
        {
            ImplementInput implement => ImplementAsync(step, implement),
            TestInput => TestAsync(step),
            PackageInput package => PackageAsync(step, package),
            _ => throw new InvalidOperationException($"The Implementer does not run {step.Kind} steps."),
        });

    private async Task<StepResult> ImplementAsync(StepRequest step, ImplementInput input)
    {
        using var repository = await kit.Workspaces.OpenAsync(step.ProjectId);
        var todo = TodoDocument.Parse(repository.ReadCommittedText(TodoSections.File) ?? throw new StepFailedException(StepFailure.PlanMissing, "TODO.md is missing."));
        var item = todo.Find(input.ItemId) ?? throw new StepFailedException(StepFailure.PlanMissing, $"TODO.md has no item {input.ItemId}.");
        if (item.Done)
        {
            // A re-run of a step whose commit was saved: the item is not done twice.
            return new ImplementResult(item.Id, 0, AlreadyDone: true, PlanSnapshots.From(todo));
        }

        repository.DiscardChanges();
        var index = GrainFactory.GetGrain<ICodeIndexGrain>(step.ProjectId);
        var related = new StringBuilder();
        foreach (var hit in await index.SearchAsync(item.Text, 5, null))
        {
            related.Append(CultureInfo.InvariantCulture, $"{hit.Path}:{hit.StartLine}-{hit.EndLine}\n{hit.Snippet}\n\n");
        }

        var prompt = ImplementerPrompt.Build(kit.Prompts, kit.Options.ImplementerContextTokens, input.Title, item,
            repository.ReadCommittedText("docs/architecture.md") ?? string.Empty,
            await index.RepoMapAsync(ImplementerPrompt.RepoMapTokens(kit.Prompts, kit.Options.ImplementerContextTokens)),
            related.ToString(),
            NamedFiles(repository, item.Text));
        var messages = new List<ChatMessage> { new(ChatRole.System, kit.Prompts.Text(ImplementerPrompt.SystemTemplate)), new(ChatRole.User, prompt) };
        EditOutcome? outcome = null;
        string reply = string.Empty;
        for (var attempt = 1; attempt <= kit.Options.MaxEditTries; attempt++)
        {
            reply = await kit.AskAsync(ModelRole.Implementer, step, $"edit/try{attempt}", "implement_todo", messages);
            outcome = EditApplier.ApplyReply(repository.WorkingDirectory, reply, new EditOptions(kit.WorkspaceOptions.MaxFileBytes));
            if (outcome.Applied)
            {
                break;
            }

            messages.Add(new ChatMessage(ChatRole.Assistant, reply));
            messages.Add(new ChatMessage(ChatRole.User, kit.Prompts.Render("implementer.retry.v2", new Dictionary<string, string> { ["failures"] = outcome.Describe() })));
        }

        if (outcome is not { Applied: true })
        {
            throw new StepFailedException(StepFailure.EditsDidNotApply, $"Edits for {item.Id} did not apply after {kit.Options.MaxEditTries} tries: {outcome?.Describe()}",
                Fingerprint(reply));
        }

        // The item is marked done in the same commit as its code; the model's own TODO.md edits do not count.
        var todoPath = Path.Combine(repository.WorkingDirectory, TodoSections.File);
        var current = TodoDocument.Parse(repository.ReadCommittedText(TodoSections.File)!);
        current.MarkDone(item.Id);
        await File.WriteAllTextAsync(todoPath, current.Render());
        await kit.Workspaces.CommitAsync(repository, step.ProjectId, [.. outcome.ChangedPaths, TodoSections.File], $"TODO {item.Id}: {Headline(item.Text)}");
        await index.UpdateAsync(new IndexUpdateRequest(step.UserId, $"{step.ProjectId:N}/{step.StepId}/index/a{step.Attempt}"));
        return new ImplementResult(item.Id, outcome.ChangedPaths.Count, AlreadyDone: false, PlanSnapshots.From(current));
    }

    private async Task<StepResult> TestAsync(StepRequest step)
    {
        using var repository = await kit.Workspaces.OpenAsync(step.ProjectId);
        repository.DiscardChanges();
        var command = TestCommands.FromGuide(repository.ReadCommittedText("docs/deployment_guide.md") ?? string.Empty)
                      ?? TestCommands.Guess(repository.TrackedFiles());
        if (command is null)
        {
            return new TestResult(TestOutcome.NoTestCommand, string.Empty, -1, 0, "no test command was found; tests were not run");
        }

        SandboxResult result;
        try
        {
            result = await kit.Sandbox.RunAsync(repository.WorkingDirectory, command, kit.Options.TestTimeout);
        }
        catch (SandboxUnavailableException ex)
        {
            return new TestResult(TestOutcome.SandboxUnavailable, command, -1, 0, "tests were not run: " + ex.Message);
        }
        finally
        {
            // Whatever the tests left behind (caches, build output) is not part of the project.
            repository.DiscardChanges();
        }

        var outcome = result.Succeeded ? TestOutcome.Passed : result.Limit == SandboxLimit.None ? TestOutcome.Failed : TestOutcome.Stopped;
        return new TestResult(outcome, command, result.ExitCode, result.Duration.TotalSeconds, result.Output);
    }

    private async Task<StepResult> PackageAsync(StepRequest step, PackageInput input)
    {
        using var repository = await kit.Workspaces.OpenAsync(step.ProjectId);
        if (repository.HeadSha is null)
        {
            return new PackageResult(null, 0, false);
        }

        try
        {
            var package = await ProjectPackager.CreateAsync(repository, input.Title);
            await projects.SavePackageAsync(step.ProjectId, package.FileName, package.Content, package.CommitSha);
            return new PackageResult(package.FileName, package.Content.LongLength, package.HistoryIncluded);
        }
        catch (PackageTooLargeException ex)
        {
            throw new StepFailedException(StepFailure.PackageTooLarge, ex.Message);
        }
    }

    /// <summary>The current content of the files an item names ("files: a, b"), bounded per file.</summary>
    private static string NamedFiles(ProjectRepository repository, string itemText)
    {
        var match = FilesRegex().Match(itemText);
        if (!match.Success)
        {
            return "(the item names no files)";
        }

        var text = new StringBuilder();
        foreach (var raw in match.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(8))
        {
            string path;
            try
            {
                path = RepositoryPaths.Normalize(raw.Trim('`', ' '));
            }
            catch (PathRejectedException)
            {
                continue;
            }

            var content = repository.ReadCommittedText(path);
            text.Append("--- ").Append(path).Append(content is null ? " (does not exist yet)\n" : "\n").Append(content).Append('\n');
        }

        return text.ToString();
    }

    private static string Headline(string text)
    {
        var cut = text.IndexOf(" (", StringComparison.Ordinal);
        var headline = cut > 0 ? text[..cut] : text;
        return headline.Length > 72 ? headline[..72] : headline;
    }

    private static string Fingerprint(string reply) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(reply)))[..16];

    [GeneratedRegex(@"files:\s*([^;)]+)", RegexOptions.IgnoreCase)]
    private static partial Regex FilesRegex();
}
