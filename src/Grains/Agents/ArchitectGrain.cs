using System.Globalization;
using System.Text;
using DevBot.Gateway;
using DevBot.GrainInterfaces.CodeIndex;
using DevBot.GrainInterfaces.Pricing;
using DevBot.GrainInterfaces.Projects;
using DevBot.Grains.Credits;
using DevBot.Workspace.Edits;
using DevBot.Workspace.Git;
using DevBot.Workspace.Stacks;
using DevBot.Workspace.Todo;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace DevBot.Grains.Agents;

/// <summary>
/// The Architect: follow-up questions and scope, the docs and TODO.md (with an estimate), verification verdicts,
/// diagnoses of failing tests, and the README — each a step that reports back to its project. Structured answers
/// are parsed strictly and retried when malformed; file answers are applied as edits and committed.
/// </summary>
// A step holds its activation while it waits for the model (seconds to minutes): the bound is how many steps of this
// kind one silo runs at once, so it is sized for a thousand projects, not for cores (waiting costs no thread).
[StatelessWorker(AgentLimits.MaxConcurrentSteps)]
public sealed class ArchitectGrain(AgentKit kit, ProjectToolbox toolbox, IOptions<CreditOptions> credits, ILogger<ArchitectGrain> logger) : Grain, IArchitectGrain
{
    private static readonly string[] PlanFiles =
        ["docs/requirements.md", "docs/architecture.md", "docs/api_documentation.md", "docs/deployment_guide.md", TodoSections.File];

    private static readonly string[][] ReadmeSections =
    [
        ["overview"], ["prerequisites"], ["installation", "install"], ["configuration"], ["running", "run"], ["usage"], ["directory layout", "layout", "structure"],
    ];

    private static readonly ChatResponseFormat QuestionsFormat =
        StructuredAnswers.SchemaOf<QuestionsReply>("questions_or_scope", "Follow-up questions, or the agreed scope with a title when done.");

    private string SystemPrompt => kit.Prompts.Text("architect.system.v2");

    public Task RunStepAsync(StepRequest step) =>
        StepRunner.RunAndReportAsync(GrainFactory, step, logger, () => step.Input switch
        {
            QuestionsInput questions => QuestionsAsync(step, questions),
            PlanInput plan => PlanAsync(step, plan),
            RevisePlanInput revision => RevisePlanAsync(step, revision),
            VerifyInput verify => VerifyAsync(step, verify),
            DiagnoseInput diagnose => DiagnoseAsync(step, diagnose),
            ReadmeInput readme => ReadmeAsync(step, readme),
            _ => throw new InvalidOperationException($"The Architect does not run {step.Kind} steps."),
        });

    private async Task<StepResult> QuestionsAsync(StepRequest step, QuestionsInput input)
    {
        var history = new StringBuilder();
        foreach (var round in input.Rounds)
        {
            foreach (var question in round.Questions)
            {
                history.Append("Q (").Append(question.Topic).Append("): ").Append(question.Text).Append('\n');
            }

            if (round.Answers is not null)
            {
                history.Append("A: ").Append(round.Answers).Append("\n\n");
            }
        }

        var prompt = kit.Prompts.Render("architect.questions.v3", new Dictionary<string, string>
        {
            ["round"] = input.Round.ToString(CultureInfo.InvariantCulture),
            ["maxRounds"] = kit.Options.MaxQuestionRounds.ToString(CultureInfo.InvariantCulture),
            ["maxQuestions"] = kit.Options.MaxQuestionsPerRound.ToString(CultureInfo.InvariantCulture),
            ["idea"] = input.Idea,
            ["history"] = history.ToString().Trim(),
        }) + (input.LastRound ? "\n\nThis is the last round: give the scope summary now." : string.Empty)
          + (input.Language is { } language
              ? $"\n\nThe user speaks {language}: write the questions, their options, the title and the scope in {language}. "
                + "The project's documents and code will still be written in English unless the user asks otherwise."
              : string.Empty);
        var answer = await kit.AskStructuredAsync(ModelRole.Architect, step, "questions", "requirements", SystemPrompt, prompt,
            text => StructuredAnswers.ParseQuestions(text, kit.Options.MaxQuestionsPerRound), format: QuestionsFormat);
        if (input.LastRound && answer.Scope is null)
        {
            throw new StepFailedException(StepFailure.KeptAsking, "The Architect kept asking after the last question round.");
        }

        return new QuestionsResult(answer.Scope is null ? answer.Questions : [], answer.Title, answer.Scope);
    }

    private async Task<StepResult> PlanAsync(StepRequest step, PlanInput input)
    {
        using var repository = await kit.Workspaces.OpenAsync(step.ProjectId);
        if (!repository.History(20).Any(c => c.Message.Contains(step.StepId, StringComparison.Ordinal)))
        {
            var prompt = kit.Prompts.Render("architect.plan.v2", new Dictionary<string, string>
            {
                ["title"] = input.Title,
                ["scope"] = input.Scope,
                ["idea"] = input.Idea,
            });
            var messages = new List<ChatMessage> { new(ChatRole.System, SystemPrompt), new(ChatRole.User, prompt) };
            IReadOnlyList<string> written;
            for (var attempt = 1; ; attempt++)
            {
                var reply = await kit.AskAsync(ModelRole.Architect, step, $"plan/try{attempt}", "plan", messages);
                var problem = ApplyPlan(repository, reply, out written);
                if (problem is null)
                {
                    break;
                }

                repository.DiscardChanges();
                logger.LogWarning(AgentEvents.MalformedAnswer, "Step {StepId} of project {ProjectId}: the plan could not be used ({Problem}), try {Attempt}",
                    step.StepId, step.ProjectId, problem, attempt);
                if (attempt >= kit.Options.MaxStructuredTries)
                {
                    throw new StepFailedException(StepFailure.IncompletePlan, "The plan stayed incomplete: " + problem);
                }

                messages.Add(new ChatMessage(ChatRole.Assistant, reply));
                messages.Add(new ChatMessage(ChatRole.User, "The plan could not be used: " + problem + " Answer again with all five files."));
            }

            await kit.Workspaces.CommitAsync(repository, step.ProjectId, written, $"Plan: requirements, architecture, API, deployment guide and TODO ({step.StepId})");
        }

        var (estimate, todo, missing) = await EstimateAsync(step, repository);
        return new PlanResult(estimate, PlanSnapshots.From(todo), missing);
    }

    /// <summary>The committed plan's estimate (after indexing the commit), the TODO it counts, and the programs its commands need that this server lacks.</summary>
    private async Task<(decimal Estimate, TodoDocument Todo, IReadOnlyList<string> Missing)> EstimateAsync(StepRequest step, ProjectRepository repository)
    {
        await GrainFactory.GetGrain<ICodeIndexGrain>(step.ProjectId).UpdateAsync(new IndexUpdateRequest(step.UserId, $"{step.ProjectId:N}/{step.StepId}/index/a{step.Attempt}"));
        var todo = TodoDocument.Parse(repository.ReadCommittedText(TodoSections.File)!);
        var pricing = GrainFactory.GetGrain<IModelPricingGrain>(IModelPricingGrain.CatalogKey);
        var architect = await PriceOf(pricing, ModelRole.Architect);
        var implementer = await PriceOf(pricing, ModelRole.Implementer);
        var estimate = EstimateCalculator.Credits(todo.Total, TodoSections.Phases(todo).Count, architect, implementer, kit.Options,
            credits.Value.CreditValueUsd, credits.Value.Markup);
        // A plan for a stack this server cannot run (no `go` here) is said before development starts, not at the end.
        var commands = ProjectCommands.From(repository.ReadCommittedText("docs/deployment_guide.md") ?? string.Empty, repository.TrackedFiles());
        return (estimate, todo, toolbox.MissingPrograms(commands));
    }

    /// <summary>
    /// The user's change to the plan: the Architect sees the committed docs and TODO.md and answers with edits to them
    /// (SEARCH/REPLACE blocks or whole files, like an item's edits); the result must still be a complete plan (the
    /// same checks as the first one), else it is asked again, then the step fails and the old plan stands. One commit.
    /// </summary>
    private async Task<StepResult> RevisePlanAsync(StepRequest step, RevisePlanInput input)
    {
        using var repository = await kit.Workspaces.OpenAsync(step.ProjectId);
        var marker = step.StepId;
        var history = repository.History(20);
        var done = history.ToList().FindIndex(c => c.Message.Contains(marker, StringComparison.Ordinal));
        IReadOnlyList<string> written = [];
        if (done < 0)
        {
            var prompt = kit.Prompts.Render("architect.replan.v2", new Dictionary<string, string>
            {
                ["title"] = input.Title,
                ["round"] = input.Round.ToString(CultureInfo.InvariantCulture),
                ["request"] = input.Request,
                ["requirements"] = AgentKit.Budget(repository.ReadCommittedText("docs/requirements.md") ?? "(none)", 2500),
                ["architecture"] = AgentKit.Budget(repository.ReadCommittedText("docs/architecture.md") ?? "(none)", 1500),
                ["guide"] = AgentKit.Budget(repository.ReadCommittedText("docs/deployment_guide.md") ?? "(none)", 1000),
                ["todo"] = repository.ReadCommittedText(TodoSections.File) ?? "(none)",
            });
            var messages = new List<ChatMessage> { new(ChatRole.System, SystemPrompt), new(ChatRole.User, prompt) };
            for (var attempt = 1; ; attempt++)
            {
                var reply = await kit.AskAsync(ModelRole.Architect, step, $"replan/try{attempt}", "plan_revision", messages);
                var problem = ApplyPlan(repository, reply, out written, revision: true);
                if (problem is null && written.Count == 0)
                {
                    problem = "The answer changed no file.";
                }

                // A revision of the plan changes the plan: code comes with the items, after the user starts.
                if (problem is null && written.FirstOrDefault(p => !p.StartsWith("docs/", StringComparison.Ordinal) && p != TodoSections.File) is { } stray)
                {
                    problem = $"Only the docs and TODO.md may change now, not {stray}.";
                }

                // Nothing is built yet: an item marked done would be skipped by the implementers.
                if (problem is null && PlanSnapshots.From(TodoDocument.Parse(File.ReadAllText(Path.Combine(repository.WorkingDirectory, TodoSections.File)))).DoneCount() > 0)
                {
                    problem = "No TODO item may be marked done ([x]) before development starts.";
                }

                if (problem is null)
                {
                    break;
                }

                repository.DiscardChanges();
                if (attempt >= kit.Options.MaxStructuredTries)
                {
                    throw new StepFailedException(StepFailure.IncompletePlan, "The revised plan could not be used: " + problem);
                }

                messages.Add(new ChatMessage(ChatRole.Assistant, reply));
                messages.Add(new ChatMessage(ChatRole.User, "The revision could not be used: " + problem + " Answer again with edits to the plan's files."));
            }

            await kit.Workspaces.CommitAsync(repository, step.ProjectId, written, $"Plan revised at the user's request, round {input.Round} ({marker})");
        }
        else
        {
            // A re-run after the commit (the silo died before the report): the files changed since the commit before it.
            written = repository.ChangesSince(done + 1 < history.Count ? history[done + 1].Sha : null).Select(c => c.Path).ToList();
        }

        var (estimate, todo, missing) = await EstimateAsync(step, repository);
        return new PlanRevisedResult(estimate, PlanSnapshots.From(todo), written.Order(StringComparer.Ordinal).ToList(), missing);
    }

    private string? ApplyPlan(ProjectRepository repository, string reply, out IReadOnlyList<string> written, bool revision = false)
    {
        // The plan's files are protected from the implementers; a revision of the plan is the one edit allowed to change them.
        var outcome = EditApplier.ApplyReply(repository.WorkingDirectory, reply,
            new EditOptions(kit.WorkspaceOptions.MaxFileBytes) { ProtectedPaths = revision ? EditOptions.NoProtectedPaths : EditOptions.DefaultProtectedPaths });
        written = outcome.ChangedPaths;
        if (!outcome.Applied)
        {
            return outcome.Describe();
        }

        var missing = PlanFiles.Where(f => !File.Exists(Path.Combine(repository.WorkingDirectory, f))).ToList();
        if (missing.Count > 0)
        {
            return "Missing files: " + string.Join(", ", missing) + ".";
        }

        var todo = TodoDocument.Parse(File.ReadAllText(Path.Combine(repository.WorkingDirectory, TodoSections.File)));
        if (TodoSections.Phases(todo).Count == 0)
        {
            return "TODO.md has no phase with checklist items ('## Phase 1: …' then '- [ ] 1.1 …').";
        }

        var guide = File.ReadAllText(Path.Combine(repository.WorkingDirectory, "docs/deployment_guide.md"));
        return ProjectCommands.GuideLine(guide, "Test") is null ? "docs/deployment_guide.md has no line 'Test command: `…`'." : null;
    }

    private async Task<StepResult> VerifyAsync(StepRequest step, VerifyInput input)
    {
        using var repository = await kit.Workspaces.OpenAsync(step.ProjectId);
        var todo = TodoDocument.Parse(repository.ReadCommittedText(TodoSections.File) ?? throw new StepFailedException(StepFailure.PlanMissing, "TODO.md is missing."));
        var items = TodoSections.ItemsOf(todo, input.Phase);
        var index = GrainFactory.GetGrain<ICodeIndexGrain>(step.ProjectId);
        var prompt = kit.Prompts.Render("architect.verify.v3", new Dictionary<string, string>
        {
            ["phase"] = input.Phase.ToString(CultureInfo.InvariantCulture),
            ["round"] = input.Round.ToString(CultureInfo.InvariantCulture),
            ["what"] = input.Phase == 0 ? "the whole project" : $"phase {input.Phase}",
            ["items"] = string.Join('\n', items.Select(i => $"- [{(i.Done ? 'x' : ' ')}] {i.Id} {i.Text}")),
            ["requirements"] = AgentKit.Budget(repository.ReadCommittedText("docs/requirements.md") ?? "(none)", 1500),
            ["repoMap"] = await index.RepoMapAsync(800),
        });
        var findings = await kit.AskStructuredAsync(ModelRole.Architect, step, "verify", "verification", SystemPrompt, prompt,
            StructuredAnswers.ParseVerdict, AgentKit.CodeTools(GrainFactory, step.ProjectId));
        var current = await AppendAsync(repository, step, findings, TodoSections.Review(input.Phase), TodoSections.ReviewPrefix(input.Phase),
            $"Review of {(input.Phase == 0 ? "the project" : $"phase {input.Phase}")}");
        return new VerifyResult(input.Phase, findings.Select(f => new VerificationGap(f.Title, f.Fingerprint)).ToList(), PlanSnapshots.From(current));
    }

    private async Task<StepResult> DiagnoseAsync(StepRequest step, DiagnoseInput input)
    {
        using var repository = await kit.Workspaces.OpenAsync(step.ProjectId);
        if (repository.ReadCommittedText(TodoSections.File) is null)
        {
            throw new StepFailedException(StepFailure.PlanMissing, "TODO.md is missing.");
        }

        var prompt = kit.Prompts.Render("architect.diagnose.v2", new Dictionary<string, string>
        {
            ["round"] = input.Round.ToString(CultureInfo.InvariantCulture),
            ["command"] = input.Command,
            ["exitCode"] = input.ExitCode.ToString(CultureInfo.InvariantCulture),
            ["output"] = AgentKit.Budget(input.Output, 3000),
        });
        var fixes = await kit.AskStructuredAsync(ModelRole.Architect, step, "diagnose", "test_diagnosis", SystemPrompt, prompt,
            StructuredAnswers.ParseFixes, AgentKit.CodeTools(GrainFactory, step.ProjectId));
        var current = await AppendAsync(repository, step, fixes, TodoSections.TestFixes(input.Round), TodoSections.TestFixPrefix(input.Round), $"Test fixes, round {input.Round}");
        return new DiagnoseResult(fixes.Select(f => f.Title).ToList(), PlanSnapshots.From(current));
    }

    private async Task<StepResult> ReadmeAsync(StepRequest step, ReadmeInput input)
    {
        using var repository = await kit.Workspaces.OpenAsync(step.ProjectId);
        if (!repository.History(20).Any(c => c.Message.Contains(step.StepId, StringComparison.Ordinal)))
        {
            var prompt = kit.Prompts.Render("architect.readme.v2", new Dictionary<string, string>
            {
                ["title"] = input.Title,
                ["deployment"] = AgentKit.Budget(repository.ReadCommittedText("docs/deployment_guide.md") ?? "(none)", 1500),
                ["repoMap"] = await GrainFactory.GetGrain<ICodeIndexGrain>(step.ProjectId).RepoMapAsync(1000),
            });
            var messages = new List<ChatMessage> { new(ChatRole.System, SystemPrompt), new(ChatRole.User, prompt) };
            var tools = AgentKit.CodeTools(GrainFactory, step.ProjectId);
            IReadOnlyList<string> written = [];
            for (var attempt = 1; ; attempt++)
            {
                var reply = await kit.AskAsync(ModelRole.Architect, step, $"readme/try{attempt}", "readme", messages, tools);
                // Written and committed while holding the working copy: the final review beside may commit its findings.
                string? problem;
                using (await kit.Workspaces.LockAsync(step.ProjectId))
                {
                    problem = ReadmeProblem(reply) ?? Apply(repository, reply, out written);
                    if (problem is null)
                    {
                        await kit.Workspaces.CommitAsync(repository, step.ProjectId, written, $"README ({step.StepId})");
                        break;
                    }

                    repository.DiscardChanges();
                }

                logger.LogWarning(AgentEvents.MalformedAnswer, "Step {StepId} of project {ProjectId}: the README could not be used ({Problem}), try {Attempt}",
                    step.StepId, step.ProjectId, problem, attempt);
                if (attempt >= kit.Options.MaxStructuredTries)
                {
                    throw new StepFailedException(StepFailure.IncompleteReadme, "The README stayed incomplete: " + problem);
                }

                messages.Add(new ChatMessage(ChatRole.Assistant, reply));
                messages.Add(new ChatMessage(ChatRole.User, "The README could not be used: " + problem + " Answer again with the complete README.md."));
            }
        }

        return new ReadmeResult();
    }

    private string? Apply(ProjectRepository repository, string reply, out IReadOnlyList<string> written)
    {
        var outcome = EditApplier.ApplyReply(repository.WorkingDirectory, reply, new EditOptions(kit.WorkspaceOptions.MaxFileBytes));
        written = outcome.ChangedPaths;
        return outcome.Applied ? null : outcome.Describe();
    }

    private static string? ReadmeProblem(string reply)
    {
        var parsed = EditParser.Parse(reply);
        var readme = parsed.Blocks.OfType<WholeFileBlock>().FirstOrDefault(b => b.Path.Equals("README.md", StringComparison.OrdinalIgnoreCase));
        if (readme is null || parsed.Blocks.Count != 1)
        {
            return "Answer with exactly one file: README.md in a fenced block.";
        }

        var headings = readme.Content.Split('\n').Where(l => l.TrimStart().StartsWith('#')).Select(l => l.ToLowerInvariant()).ToList();
        var missing = ReadmeSections.Where(names => !headings.Any(h => names.Any(n => h.Contains(n, StringComparison.Ordinal)))).Select(n => n[0]).ToList();
        return missing.Count == 0 ? null : "README.md lacks these sections: " + string.Join(", ", missing) + ".";
    }

    /// <summary>
    /// Appends the findings to TODO.md as it is now (items may have landed beside this step since it began: a review
    /// runs beside the next phase's items) and commits it, holding the working copy; TODO.md as committed.
    /// </summary>
    private async Task<TodoDocument> AppendAsync(ProjectRepository repository, StepRequest step, List<Finding> findings, string heading, string prefix, string what)
    {
        using (await kit.Workspaces.LockAsync(step.ProjectId))
        {
            var todo = TodoDocument.Parse(repository.ReadCommittedText(TodoSections.File) ?? throw new StepFailedException(StepFailure.PlanMissing, "TODO.md is missing."));
            // A step done again after its commit was saved finds its section there already.
            var existing = todo.Items.Select(i => i.Text).ToHashSet(StringComparer.Ordinal);
            var texts = findings.Select(f => f.AsTodoText()).Where(t => !existing.Contains(t)).ToList();
            if (texts.Count == 0)
            {
                return todo;
            }

            todo.Append(heading, prefix, texts);
            await File.WriteAllTextAsync(Path.Combine(repository.WorkingDirectory, TodoSections.File), todo.Render());
            await kit.Workspaces.CommitAsync(repository, step.ProjectId, [TodoSections.File], $"{what}: {texts.Count} new TODO item(s) ({step.StepId})");
            return todo;
        }
    }

    private async Task<ModelPrice> PriceOf(IModelPricingGrain pricing, ModelRole role)
    {
        foreach (var model in kit.Gateway.ModelsFor(role))
        {
            if (await pricing.GetPriceAsync(model.Provider, model.Model) is { } price)
            {
                return price;
            }
        }

        throw new StepFailedException(StepFailure.NoPrice, $"No model of the {role} role has a price; the estimate cannot be made.");
    }
}
