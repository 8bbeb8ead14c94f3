using System.CommandLine;
using DevBot.GrainInterfaces.Admin;
using DevBot.GrainInterfaces.Projects;

namespace DevBot.AdminConsole;

/// <summary><c>projects list|show|cancel</c>.</summary>
public static class ProjectCommands
{
    public static Command Projects(AdminContext context)
    {
        var projects = new Command("projects", "Projects: list, show one, cancel one.");

        var user = new Option<long?>("--user") { Description = "Only this user's." };
        var states = Enum.GetNames<ProjectState>();
        var state = new Option<string?>("--state") { Description = "Only in this state: " + string.Join(", ", states) + "." };
        state.Validators.Add(result =>
        {
            var given = result.GetValueOrDefault<string?>();
            if (given is not null && !states.Contains(given, StringComparer.OrdinalIgnoreCase))
            {
                result.AddError($"--state {given}: no such state; use one of: {string.Join(", ", states)}");
            }
        });
        var limit = new Option<int>("--limit") { Description = "How many.", DefaultValueFactory = _ => 50 };
        var list = new Command("list", "Projects, newest first.") { user, state, limit };
        context.Action(list, async (parse, grains, _) =>
        {
            var rows = await grains.GetGrain<IAdminGrain>(0).ListProjectsAsync(parse.GetValue(user), parse.GetValue(state), parse.GetValue(limit), 0);
            context.Show(parse, rows, r => context.Output.Table(
                ["project", "user", "title", "state", "todo", "credits used", "estimate", "created", "ended", "purged"],
                r.Select(p => new[]
                {
                    p.ProjectId.ToString(), AdminOutput.Number(p.UserId), p.Title, p.State, $"{p.TodoDone}/{p.TodoTotal}", AdminOutput.Money(p.CreditsUsed),
                    p.EstimateCredits is { } e ? AdminOutput.Money(e) : null, AdminOutput.When(p.CreatedAt), AdminOutput.When(p.CompletedAt), p.Purged ? "yes" : null,
                })));
        });

        var showId = new Argument<Guid>("project-id");
        var show = new Command("show", "One project's status and its latest events.") { showId };
        context.Action(show, async (parse, grains, _) =>
        {
            var project = grains.GetGrain<IProjectGrain>(parse.GetValue(showId));
            var status = await project.GetStatusAsync();
            if (status.UserId == 0)
            {
                throw new AdminFailure($"no project {parse.GetValue(showId)}");
            }

            var events = await project.GetEventsAsync(Math.Max(0, status.LastEventSeq - 15), 15);
            context.Show(parse, new { status, events }, _ =>
            {
                context.Output.Line($"{status.Title} ({status.ProjectId}) of user {status.UserId}: {status.State}{(status.Pause != PauseReason.None ? $" ({status.Pause})" : string.Empty)}");
                context.Output.Line($"now: {Describe(status.Activity)}; TODO {status.TodoDone}/{status.TodoTotal}; credits used {AdminOutput.Number(status.CreditsUsed)} "
                                    + $"of estimate {AdminOutput.Number(status.EstimateCredits)} (cap {AdminOutput.Number(status.CreditCap)})");
                context.Output.Table(["#", "when", "kind", "text"], events.Select(e => new[] { AdminOutput.Number(e.Seq), AdminOutput.When(e.At), e.Kind.ToString(), e.News.ToString() }));
            });
        });

        var cancelId = new Argument<Guid>("project-id");
        var cancel = new Command("cancel", "Stop a project at its next step boundary (the user gets the work so far).") { cancelId };
        context.Action(cancel, async (parse, grains, _) =>
        {
            var project = grains.GetGrain<IProjectGrain>(parse.GetValue(cancelId));
            var status = await project.GetStatusAsync();
            if (status.UserId == 0)
            {
                throw new AdminFailure($"no project {parse.GetValue(cancelId)}");
            }

            // An operator acts for the project's owner.
            var result = await project.CancelAsync(status.UserId);
            if (result.Accepted)
            {
                await context.RecordAsync(grains, parse, "projects cancel", $"project {parse.GetValue(cancelId)}", $"user {status.UserId}");
            }

            if (!result.Accepted)
            {
                throw new AdminFailure(result.Reply.Kind switch
                {
                    ReplyKind.HasEnded => "the project has already ended",
                    ReplyKind.AlreadyStopping => "the project is already stopping",
                    var kind => $"the project refused: {kind}",
                });
            }

            context.Show(parse, result, r => context.Output.Line(r.Reply.Kind == ReplyKind.StoppingAfterStep
                ? $"stopping after the current step; {AdminOutput.Number(r.Reply.Amount)} credits used so far"
                : $"stopping; {AdminOutput.Number(r.Reply.Amount)} credits used so far"));
        });

        projects.Subcommands.Add(list);
        projects.Subcommands.Add(show);
        projects.Subcommands.Add(cancel);
        return projects;
    }

    /// <summary>The activity in operators' terms (the words users read are the bot's).</summary>
    private static string Describe(ProjectActivity activity) => activity.Kind switch
    {
        ActivityKind.Implementing => $"implementing {activity.ItemId}",
        ActivityKind.Reviewing => activity.Phase == 0 ? "final review" : $"reviewing phase {activity.Phase}",
        ActivityKind.Paused => $"paused ({activity.Pause})",
        ActivityKind.Legacy => activity.Text ?? string.Empty,
        var kind => kind.ToString(),
    };
}
