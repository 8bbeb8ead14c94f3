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
using DevBot.Workspace.Stacks;
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
public sealed partial class ImplementerGrain(AgentKit kit, ItemChecks checks, ProjectToolbox toolbox, ProjectStore projects, ILogger<ImplementerGrain> logger) : Grain, IImplementerGrain
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

        var prompt = ImplementerPrompt.Build(kit.Prompts, kit.ImplementerContextTokens, input.Title, item,
            repository.ReadCommittedText("docs/architecture.md") ?? string.Empty,
            await index.RepoMapAsync(ImplementerPrompt.RepoMapTokens(kit.Prompts, kit.ImplementerContextTokens)),
            related.ToString(),
            NamedFiles(repository, item.Text));
        var messages = new List<ChatMessage> { new(ChatRole.System, kit.Prompts.Text(ImplementerPrompt.SystemTemplate)), new(ChatRole.User, prompt) };
        var guide = repository.ReadCommittedText("docs/deployment_guide.md") ?? string.Empty;
        var changed = new SortedSet<string>(StringComparer.Ordinal);
        EditOutcome? failedEdit = null;
        CheckRun? check = null;
        var tries = 0;
        var applied = false;
        string reply = string.Empty;
        for (var attempt = 1; attempt <= kit.Options.MaxEditTries; attempt++)
        {
            tries = attempt;
            reply = await kit.AskAsync(ModelRole.Implementer, step, $"edit/try{attempt}", "implement_todo", messages);
            var outcome = EditApplier.ApplyReply(repository.WorkingDirectory, reply, new EditOptions(kit.WorkspaceOptions.MaxFileBytes));
            messages.Add(new ChatMessage(ChatRole.Assistant, reply));
            if (!outcome.Applied)
            {
                logger.LogInformation(AgentEvents.EditsNotApplied, "Step {StepId} of project {ProjectId}: the edits for item {ItemId} did not apply on try {Attempt}",
                    step.StepId, step.ProjectId, item.Id, attempt);
                failedEdit = outcome;
                messages.Add(new ChatMessage(ChatRole.User, kit.Prompts.Render("implementer.retry.v2", new Dictionary<string, string> { ["failures"] = outcome.Describe() })));
                continue;
            }

            // Edits that applied stay applied; a failing check is answered with edits on top of them, as Aider does with lint and test errors.
            failedEdit = null;
            applied = true;
            changed.UnionWith(outcome.ChangedPaths);
            var files = repository.TrackedFiles().Concat(changed).ToHashSet(StringComparer.Ordinal);
            check = await checks.RunAsync(step, repository.WorkingDirectory, guide, files, item.Text);
            if (check.Status != CheckStatus.Failed)
            {
                break;
            }

            logger.LogInformation("Step {StepId} of project {ProjectId}: the check of item {ItemId} failed on try {Attempt} (`{Command}` {Detail})",
                step.StepId, step.ProjectId, item.Id, attempt, check.Command, check.Detail);
            messages.Add(new ChatMessage(ChatRole.User, kit.Prompts.Render("implementer.check.v2", new Dictionary<string, string>
            {
                ["command"] = check.Command,
                ["exitCode"] = check.ExitCode.ToString(CultureInfo.InvariantCulture),
                ["output"] = check.Output,
            })));
        }

        if (!applied || check is null)
        {
            throw new StepFailedException(StepFailure.EditsDidNotApply, $"Edits for {item.Id} did not apply after {kit.Options.MaxEditTries} tries: {failedEdit?.Describe()}",
                Fingerprint(reply));
        }

        // The item is marked done in the same commit as its code; the model's own TODO.md edits do not count. A check
        // still failing after the last try is recorded, not fatal: the final test rounds are the safety net.
        var result = new ItemCheck(check.Status, check.Command, tries, Math.Round(check.Seconds, 2), check.Detail);
        var todoPath = Path.Combine(repository.WorkingDirectory, TodoSections.File);
        var current = TodoDocument.Parse(repository.ReadCommittedText(TodoSections.File)!);
        current.MarkDone(item.Id);
        await File.WriteAllTextAsync(todoPath, current.Render());
        await kit.Workspaces.CommitAsync(repository, step.ProjectId, [.. changed, TodoSections.File], $"TODO {item.Id}: {Headline(item.Text)}\n\n{CheckLine(result)}");
        await index.UpdateAsync(new IndexUpdateRequest(step.UserId, $"{step.ProjectId:N}/{step.StepId}/index/a{step.Attempt}"));
        return new ImplementResult(item.Id, changed.Count, AlreadyDone: false, PlanSnapshots.From(current), result);
    }

    /// <summary>The commit message's record of the check: "Check: passed (`npm test`, try 2)".</summary>
    private static string CheckLine(ItemCheck check) => check.Status switch
    {
        CheckStatus.Passed => $"Check: passed (`{check.Command}`, try {check.Tries})",
        CheckStatus.Failed => $"Check: FAILED (`{check.Command}` {check.Detail}, after {check.Tries} tries)",
        _ => $"Check: not run ({check.Detail})",
    };

    private async Task<StepResult> TestAsync(StepRequest step)
    {
        using var repository = await kit.Workspaces.OpenAsync(step.ProjectId);
        repository.DiscardChanges();
        var files = repository.TrackedFiles();
        var commands = ProjectCommands.From(repository.ReadCommittedText("docs/deployment_guide.md") ?? string.Empty, files);
        if (commands.Test is not { } command)
        {
            return new TestResult(TestOutcome.NoTestCommand, string.Empty, -1, 0, "no test command was found; tests were not run");
        }

        var missing = toolbox.MissingPrograms(commands);
        if (missing.Count > 0)
        {
            return new TestResult(TestOutcome.CouldNotRun, command, -1, 0, $"this server has no {string.Join(", ", missing)}, which the project's commands need");
        }

        // Whatever the install and the tests leave behind stays in the sandbox: nothing comes back into the project.
        var install = await toolbox.EnsureInstalledAsync(step.ProjectId, step.UserId, repository.WorkingDirectory, commands);
        switch (install.Status)
        {
            case InstallStatus.Unavailable:
                return new TestResult(TestOutcome.SandboxUnavailable, command, -1, 0, "tests were not run: " + install.Detail);
            case InstallStatus.Failed:
                return new TestResult(TestOutcome.InstallFailed, commands.Install!, install.Run?.ExitCode ?? -1, install.Run?.Duration.TotalSeconds ?? 0,
                    (install.Run?.Output ?? string.Empty) + "\n" + install.Detail);
        }

        SandboxResult result;
        try
        {
            result = await toolbox.RunAsync(step.ProjectId, step.UserId, repository.WorkingDirectory, commands, command, kit.Options.TestTimeout);
        }
        catch (SandboxUnavailableException ex)
        {
            return new TestResult(TestOutcome.SandboxUnavailable, command, -1, 0, "tests were not run: " + ex.Message);
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
