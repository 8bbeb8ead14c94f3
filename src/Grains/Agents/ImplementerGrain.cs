using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DevBot.Gateway;
using DevBot.GrainInterfaces.CodeIndex;
using DevBot.GrainInterfaces.Projects;
using DevBot.Grains.Projects;
using DevBot.Grains.Projects.Workflow;
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
// A step holds its activation while it waits for the model (seconds to minutes): the bound is how many steps of this
// kind one silo runs at once, so it is sized for a thousand projects, not for cores (waiting costs no thread).
[StatelessWorker(AgentLimits.MaxConcurrentSteps)]
public sealed class ImplementerGrain(AgentKit kit, ItemChecks checks, ProjectToolbox toolbox, ProjectStore projects, ILogger<ImplementerGrain> logger) : Grain, IImplementerGrain
{
    public Task RunStepAsync(StepRequest step) =>
        StepRunner.RunAndReportAsync(GrainFactory, step, logger, () => step.Input switch
        {
            ImplementInput implement => ImplementAsync(step, implement),
            ImplementItemsInput items => ImplementItemsAsync(step, items),
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
        var work = await WorkOnItemAsync(step, input.Title, repository, repository.WorkingDirectory, item, purpose: "edit");
        var (result, current) = await CommitItemAsync(step, repository, item, work);
        await index.UpdateAsync(new IndexUpdateRequest(step.UserId, $"{step.ProjectId:N}/{step.StepId}/index/a{step.Attempt}"));
        return new ImplementResult(item.Id, work.Changed.Count, AlreadyDone: false, PlanSnapshots.From(current), result);
    }

    /// <summary>
    /// Items as a rolling window of <see cref="ProjectOptions.ParallelItems"/>: each works in a tree of its own exported
    /// from the commit it starts on (no <c>.git</c> in it), its model calls and edits beside the others' (checks take
    /// turns in the sandbox, per user). An item starts when the items it needs (<c>after:</c>) have landed, a slot is free
    /// and no running item names a file it names; one that does not say what it needs, or names no files, runs alone.
    /// Items land in plan order — changed files copied onto the working copy and committed with the item marked done —
    /// and each landing is reported to the project at once (<see cref="IProjectGrain.ReportProgressAsync"/>), which may
    /// ask the step to start no more. An item whose files were committed by other work since its tree was made is done
    /// again on the new commit (never merged by guess). When the credits run out or no model answers, what was done
    /// lands and the step reports that (a re-run skips the landed items).
    /// </summary>
    private async Task<StepResult> ImplementItemsAsync(StepRequest step, ImplementItemsInput input)
    {
        using var repository = await kit.Workspaces.OpenAsync(step.ProjectId);
        var todo = TodoDocument.Parse(repository.ReadCommittedText(TodoSections.File) ?? throw new StepFailedException(StepFailure.PlanMissing, "TODO.md is missing."));
        var items = input.ItemIds.Select(id => todo.Find(id) ?? throw new StepFailedException(StepFailure.PlanMissing, $"TODO.md has no item {id}.")).ToList();
        // Steps beside this one (reviews, the README) may commit too: the working copy is changed only while held.
        using (await kit.Workspaces.LockAsync(step.ProjectId))
        {
            repository.DiscardChanges();
        }

        var trees = kit.Workspaces.FreshItemTrees(step.ProjectId);
        var project = GrainFactory.GetGrain<IProjectGrain>(step.ProjectId);
        try
        {
            var width = Math.Max(1, kit.Options.ParallelItems);
            var landed = todo.Items.Where(i => i.Done).Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
            var unreported = items.Where(i => i.Done)
                .Select(i => new ItemOutcome(i.Id, new ImplementResult(i.Id, 0, AlreadyDone: true, PlanSnapshots.From(todo)), null)).ToList();
            var order = items.Where(i => !i.Done).ToList();
            var waiting = order.ToList();
            var running = new List<ItemRun>();
            var finished = new Dictionary<string, ItemRun>(StringComparer.Ordinal);
            var settled = new HashSet<string>(StringComparer.Ordinal);
            var goOn = true;
            var anyOutcome = false;
            Exception? stop = null;
            var treeCount = 0;

            ItemRun Start(TodoItem item, string purpose)
            {
                var tree = Path.Combine(trees, "item-" + (treeCount++).ToString(CultureInfo.InvariantCulture));
                var exported = repository.ExportTo(tree);
                return new ItemRun(item, tree, exported, WorkOnItemAsync(step, input.Title, repository, tree, item, purpose));
            }

            while (true)
            {
                if (goOn && stop is null)
                {
                    var (starting, givingUp) = ItemSchedule.Next(order, waiting, running.Select(r => r.Item).ToList(), landed, settled, width);
                    foreach (var item in givingUp)
                    {
                        // It will not start in this step (what it needs failed, or nothing can start): it stays open.
                        waiting.Remove(item);
                        settled.Add(item.Id);
                    }

                    foreach (var item in starting)
                    {
                        waiting.Remove(item);
                        running.Add(Start(item, $"{item.Id}/edit"));
                    }

                    if (givingUp.Count > 0 && starting.Count == 0 && running.Count == 0)
                    {
                        // Another look: what waited behind the items that gave up may start now.
                        continue;
                    }
                }

                if (running.Count == 0 && finished.Count == 0)
                {
                    // Nothing runs and nothing waits to land: what still waits does not start in this step (it stays open).
                    break;
                }

                if (running.Count > 0 && !running.Any(r => r.Work.IsCompleted))
                {
                    // The grain's turn resumes here (its scheduler); every outcome is read below, failed or not.
                    await ((Task)Task.WhenAny(running.Select(r => r.Work)))
                        .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
                }

                foreach (var done in running.Where(r => r.Work.IsCompleted).ToList())
                {
                    running.Remove(done);
                    finished[done.Item.Id] = done;
                }

                // Land in plan order: the first item not yet settled, if it has finished; then the next.
                var progress = false;
                foreach (var item in order)
                {
                    if (settled.Contains(item.Id))
                    {
                        continue;
                    }

                    if (!finished.Remove(item.Id, out var run))
                    {
                        if (waiting.Contains(item) && (stop is not null || !goOn))
                        {
                            // It will not start in this step (asked to stop): later items may land without it, and it
                            // stays open.
                            waiting.Remove(item);
                            settled.Add(item.Id);
                            continue;
                        }

                        break;
                    }

                    var outcome = await SettleAsync(step, input.Title, repository, run, running);
                    if (outcome is null)
                    {
                        // Done again on the new commit: it is running again, and later items wait for it.
                        break;
                    }

                    settled.Add(item.Id);
                    if (outcome.Value.Stop is { } stopped)
                    {
                        stop ??= stopped;
                        continue;
                    }

                    var result = outcome.Value.Outcome!;
                    if (result.Done is not null)
                    {
                        landed.Add(item.Id);
                        todo = outcome.Value.Todo!;
                    }

                    unreported.Add(result);
                    progress = anyOutcome = true;
                }

                if (progress && running.Count + waiting.Count > 0)
                {
                    goOn = await ReportProgressAsync(project, step, unreported, todo) && goOn;
                }
            }

            if (stop is null && order.Count > 0 && !anyOutcome)
            {
                // Nothing landed, nothing failed: the items wait for each other (their after: clauses go round). Counted
                // against the first, so the user is asked about it rather than the step coming back forever.
                throw new StepFailedException(StepFailure.EditsDidNotApply,
                    $"Items {string.Join(", ", order.Select(i => i.Id))} wait for each other (after:); none could start.");
            }

            await GrainFactory.GetGrain<ICodeIndexGrain>(step.ProjectId)
                .UpdateAsync(new IndexUpdateRequest(step.UserId, $"{step.ProjectId:N}/{step.StepId}/index/a{step.Attempt}"));
            if (stop is not null)
            {
                // What landed is reported before the step ends for want of credits or a model.
                if (unreported.Count > 0)
                {
                    await ReportProgressAsync(project, step, unreported, todo);
                }

                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(stop).Throw();
            }

            return new ImplementItemsResult(unreported, PlanSnapshots.From(todo));
        }
        finally
        {
            kit.Workspaces.DeleteItemTrees(step.ProjectId);
        }
    }

    /// <summary>An item at work in its tree, from the commit it was exported from.</summary>
    private sealed record ItemRun(TodoItem Item, string Tree, string? Exported, Task<ItemWork> Work);

    /// <summary>
    /// A finished item's outcome: landed (or failed) — or null when its files were committed by other work since its tree
    /// was made and it was started again on the new commit (once; a second time it fails) — or what stops the step.
    /// </summary>
    private async Task<(ItemOutcome? Outcome, TodoDocument? Todo, Exception? Stop)?> SettleAsync(StepRequest step, string title, ProjectRepository repository,
        ItemRun run, List<ItemRun> running)
    {
        var item = run.Item;
        if (run.Work.IsFaulted)
        {
            var error = run.Work.Exception!.InnerException;
            return error switch
            {
                _ when StopsTheStep(error) => (null, null, error),
                StepFailedException failed => (new ItemOutcome(item.Id, null, new StepFailed(failed.Failure, failed.Message, failed.Fingerprint)), null, null),
                MalformedAnswerException malformed => (new ItemOutcome(item.Id, null, new StepFailed(StepFailure.MalformedAnswer, malformed.Message, null)), null, null),
                // Anything else (a gateway refusal, a bug) is the step's, as for an item alone.
                _ => throw error!,
            };
        }

        var work = await run.Work;
        if (await LandAsync(step, repository, run.Tree, run.Exported, item, work) is { } landedItem)
        {
            var (check, current) = landedItem;
            return (new ItemOutcome(item.Id, new ImplementResult(item.Id, work.Changed.Count, AlreadyDone: false, PlanSnapshots.From(current), check), null), current, null);
        }

        if (Path.GetFileName(run.Tree).StartsWith("again-", StringComparison.Ordinal))
        {
            return (new ItemOutcome(item.Id, null, new StepFailed(StepFailure.EditsDidNotApply,
                $"The edits for {item.Id} changed files other work committed meanwhile, or left something other than regular files.", null)), null, null);
        }

        logger.LogInformation("Step {StepId} of project {ProjectId}: item {ItemId} changed files that were committed since its tree was made; doing it again on the new commit",
            step.StepId, step.ProjectId, item.Id);
        var again = Path.Combine(Path.GetDirectoryName(run.Tree)!, "again-" + Path.GetFileName(run.Tree));
        var exported = repository.ExportTo(again);
        running.Add(new ItemRun(item, again, exported, WorkOnItemAsync(step, title, repository, again, item, purpose: $"{item.Id}/again")));
        return null;
    }

    /// <summary>Tells the project what landed; whether to go on starting items (a project that cannot be reached: yes, its final report tells).</summary>
    private async Task<bool> ReportProgressAsync(IProjectGrain project, StepRequest step, List<ItemOutcome> unreported, TodoDocument todo)
    {
        try
        {
            var goOn = await project.ReportProgressAsync(new StepReport(step.StepId, step.Attempt, new ImplementItemsResult(unreported.ToList(), PlanSnapshots.From(todo))));
            unreported.Clear();
            return goOn;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogWarning(ex, "Step {StepId} of project {ProjectId}: could not report progress; the step's report will carry it", step.StepId, step.ProjectId);
            return true;
        }
    }

    /// <summary>
    /// Copies an item's changed files from its tree onto the working copy and commits them with the item marked done,
    /// holding the copy (other steps may commit beside this one); null, with nothing changed, when a file the item
    /// changed was committed by other work since its tree was exported from <paramref name="exported"/> (an earlier item
    /// of the step, or a step beside: never merged by guess) or the item left anything but regular files. TODO.md is
    /// not compared: the item is marked done in TODO.md as it is at HEAD.
    /// </summary>
    private async Task<(ItemCheck Check, TodoDocument Todo)?> LandAsync(StepRequest step, ProjectRepository repository, string tree, string? exported, TodoItem item,
        ItemWork work)
    {
        using (await kit.Workspaces.LockAsync(step.ProjectId))
        {
            if (repository.ChangedSince(exported, work.Changed.Where(p => p != TodoSections.File)).Count > 0
                || !TryCopyChanges(tree, repository.WorkingDirectory, work.Changed))
            {
                return null;
            }

            try
            {
                return await CommitItemAsync(step, repository, item, work);
            }
            catch
            {
                // Nothing half-copied stays for the next writer to commit by mistake.
                repository.DiscardChanges();
                throw;
            }
        }
    }

    /// <summary>What ends a parallel step for all its items (no credits, a limit reached, no model), after what was done lands.</summary>
    private static bool StopsTheStep(Exception? exception) =>
        exception is InsufficientCreditsException or CreditLimitReachedException or ModelUnavailableException;

    /// <summary>What an item's tries left in its tree: the files its edits changed and how its last check went.</summary>
    private sealed record ItemWork(SortedSet<string> Changed, CheckRun Check, int Tries);

    /// <summary>
    /// An item's tries in <paramref name="tree"/> (the working copy, or a tree of its own from the same commit): context
    /// → edits → applied (all or none; failures go back to the model) → the check in the sandbox (a failing check goes
    /// back to the model too, within the same tries).
    /// </summary>
    private async Task<ItemWork> WorkOnItemAsync(StepRequest step, string title, ProjectRepository repository, string tree, TodoItem item, string purpose)
    {
        var index = GrainFactory.GetGrain<ICodeIndexGrain>(step.ProjectId);
        var related = new StringBuilder();
        // The architecture document is in the prompt already, near its start where providers cache it.
        foreach (var hit in (await index.SearchAsync(item.Text, 6, null)).Where(h => h.Path != "docs/architecture.md").Take(5))
        {
            related.Append(CultureInfo.InvariantCulture, $"{hit.Path}:{hit.StartLine}-{hit.EndLine}\n{hit.Snippet}\n\n");
        }

        var prompt = ImplementerPrompt.Build(kit.Prompts, kit.ImplementerContextTokens, title, item,
            repository.ReadCommittedText("docs/architecture.md") ?? string.Empty,
            await index.RepoMapAsync(ImplementerPrompt.RepoMapTokens(kit.Prompts, kit.ImplementerContextTokens)),
            related.ToString(),
            NamedFiles(repository, item.Text));
        var messages = new List<ChatMessage> { new(ChatRole.System, kit.Prompts.Text(ImplementerPrompt.SystemTemplate)), new(ChatRole.User, prompt) };
        var guide = repository.ReadCommittedText("docs/deployment_guide.md") ?? string.Empty;
        var tracked = repository.TrackedFiles();
        var changed = new SortedSet<string>(StringComparer.Ordinal);
        EditOutcome? failedEdit = null;
        CheckRun? check = null;
        var tries = 0;
        var applied = false;
        string reply = string.Empty;
        for (var attempt = 1; attempt <= kit.Options.MaxEditTries; attempt++)
        {
            tries = attempt;
            reply = await kit.AskAsync(ModelRole.Implementer, step, $"{purpose}/try{attempt}", "implement_todo", messages);
            var outcome = EditApplier.ApplyReply(tree, reply, new EditOptions(kit.WorkspaceOptions.MaxFileBytes));
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
            var files = tracked.Concat(changed).ToHashSet(StringComparer.Ordinal);
            check = await checks.RunAsync(step, tree, guide, files, item.Text);
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

        return new ItemWork(changed, check, tries);
    }

    /// <summary>
    /// The item's changes and the item marked done, in one commit (the model's own TODO.md edits do not count). A
    /// check still failing after the last try is recorded, not fatal: the final test rounds are the safety net.
    /// </summary>
    private async Task<(ItemCheck Check, TodoDocument Todo)> CommitItemAsync(StepRequest step, ProjectRepository repository, TodoItem item, ItemWork work)
    {
        var result = new ItemCheck(work.Check.Status, work.Check.Command, work.Tries, Math.Round(work.Check.Seconds, 2), work.Check.Detail);
        var todoPath = Path.Combine(repository.WorkingDirectory, TodoSections.File);
        var current = TodoDocument.Parse(repository.ReadCommittedText(TodoSections.File)!);
        current.MarkDone(item.Id);
        await File.WriteAllTextAsync(todoPath, current.Render());
        await kit.Workspaces.CommitAsync(repository, step.ProjectId, [.. work.Changed, TodoSections.File], $"TODO {item.Id}: {Headline(item.Text)}\n\n{CheckLine(result)}");
        return (result, current);
    }

    /// <summary>
    /// Copies an item tree's changed files onto the working copy (deleted ones deleted). Only regular files are taken:
    /// false, with nothing copied, when a changed path is anything else or a folder on the way is a link.
    /// </summary>
    private static bool TryCopyChanges(string from, string to, IReadOnlyCollection<string> changed)
    {
        foreach (var path in changed)
        {
            var source = new FileInfo(Path.Combine(from, path));
            if (source.Exists && (source.LinkTarget is not null || HasLinkOnTheWay(from, path)))
            {
                return false;
            }
        }

        foreach (var path in changed)
        {
            var source = Path.Combine(from, path);
            var target = Path.Combine(to, path);
            if (File.Exists(source))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(source, target, overwrite: true);
            }
            else if (File.Exists(target))
            {
                File.Delete(target);
            }
        }

        return true;
    }

    private static bool HasLinkOnTheWay(string root, string path)
    {
        var folder = Path.GetDirectoryName(Path.Combine(root, path));
        var top = Path.GetFullPath(root);
        while (folder is not null && Path.GetFullPath(folder).Length > top.Length)
        {
            if (new DirectoryInfo(folder).LinkTarget is not null)
            {
                return true;
            }

            folder = Path.GetDirectoryName(folder);
        }

        return false;
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
        using (await kit.Workspaces.LockAsync(step.ProjectId))
        {
            // A README given up beside the final review may still be committing.
            repository.DiscardChanges();
        }

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
        var named = ItemClauses.Files(itemText);
        if (named.Count == 0)
        {
            return "(the item names no files)";
        }

        var text = new StringBuilder();
        foreach (var raw in named.Take(8))
        {
            string path;
            try
            {
                path = RepositoryPaths.Normalize(raw);
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
}
