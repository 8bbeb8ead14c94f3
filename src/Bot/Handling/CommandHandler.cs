using System.Globalization;
using System.Text;
using DevBot.Bot.Options;
using DevBot.Bot.Relay;
using DevBot.Bot.Text;
using DevBot.Bot.Transport;
using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.FrontEnd;
using DevBot.GrainInterfaces.Keys;
using DevBot.GrainInterfaces.Projects;
using DevBot.GrainInterfaces.Users;
using Microsoft.Extensions.Options;

namespace DevBot.Bot.Handling;

/// <summary>The slash commands. Operator commands answer anyone else exactly like an unknown command.</summary>
public sealed class CommandHandler(
    IGrainFactory grains,
    IChatSender chat,
    ProjectRelay relay,
    ProjectPrompts prompts,
    PaymentHandler payments,
    IOptions<PaymentOptions> paymentOptions,
    IOptions<BotOptions> botOptions)
{
    public const string UnknownCommand = "I don't know that command. /help lists what I can do.";

    /// <summary>The answer to a command the bot does not know (also to an operator command from anyone else).</summary>
    public static string UnknownCommandText(ChatLanguage language) => language.Text("unknownCommand", UnknownCommand);

    /// <summary>Rows of the ledger read for /credits (a project's requests are summed into one line).</summary>
    private const int HistoryRows = 200;

    /// <summary>Lines /credits shows.</summary>
    private const int HistoryLines = 8;

    private ChatMoney Money => new(paymentOptions.Value.StarsPerCredit);

    /// <summary>The commands Telegram shows in its menu (operator commands are not listed).</summary>
    public static IReadOnlyList<(string Command, string Description)> Menu { get; } =
    [
        ("start", "Start, or pick up where you left off"),
        ("status", "Your project's progress and credits"),
        ("credits", "Balance, history and buying credits"),
        ("history", "Your past projects and their downloads"),
        ("cancel", "Stop the current project"),
        ("retention", "How long your finished projects are kept"),
        ("invite", "Invite a friend; you both get a bonus"),
        ("paysupport", "Help with a payment or a refund"),
        ("terms", "Terms of service"),
        ("feedback", "Comment on your delivered project"),
        ("help", "How DevBot works"),
    ];

    /// <summary>The menu Telegram shows to operators (in their chats only): everyone's commands and theirs.</summary>
    public static IReadOnlyList<(string Command, string Description)> OperatorMenu { get; } =
    [
        .. Menu,
        ("admin", "Operators: a sign-in link to the admin page"),
        ("keys", "Operators: API-key pools"),
        ("refund", "Operators: refund a Stars payment (/refund CHARGE_ID)"),
    ];

    public async Task HandleAsync(ChatContext context, string text, CancellationToken cancellationToken)
    {
        var words = text.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // "/start@DevBot" in group menus names the bot; the command is the part before '@'.
        var command = words[0].Split('@', 2)[0].ToLowerInvariant();
        var argument = words.Length > 1 ? words[1] : string.Empty;
        switch (command)
        {
            case "/start":
                await StartAsync(context, argument, cancellationToken);
                break;
            case "/invite":
                await InviteAsync(context, cancellationToken);
                break;
            case "/help":
                await chat.SendTextAsync(context.ChatId, context.Language.Text("help", HelpText), null, cancellationToken);
                break;
            case "/status":
                await StatusAsync(context, cancellationToken);
                break;
            case "/cancel":
                await CancelAsync(context, cancellationToken);
                break;
            case "/credits":
                await CreditsAsync(context, cancellationToken);
                break;
            case "/history":
                await HistoryAsync(context, cancellationToken);
                break;
            case "/retention":
                await RetentionAsync(context, argument, cancellationToken);
                break;
            case "/paysupport":
                await PaySupportAsync(context, argument, cancellationToken);
                break;
            case "/feedback":
                await FeedbackAsync(context, argument, cancellationToken);
                break;
            case "/terms":
                await chat.SendTextAsync(context.ChatId, Html.Escape(paymentOptions.Value.Terms(context.Language)), null, cancellationToken);
                break;
            case "/keys" when context.IsOperator:
                await KeysAsync(context, cancellationToken);
                break;
            case "/admin" when context.IsOperator:
                await new OperatorSignIn(grains, chat).SendLinkAsync(context, cancellationToken);
                break;
            case "/refund" when context.IsOperator:
                await payments.RefundAsync(context, argument, cancellationToken);
                break;
            default:
                await chat.SendTextAsync(context.ChatId, UnknownCommandText(context.Language), null, cancellationToken);
                break;
        }
    }

    public async Task CreditsAsync(ChatContext context, CancellationToken cancellationToken)
    {
        var l = context.Language;
        var ledger = grains.GetGrain<ICreditLedgerGrain>(context.UserId);
        var balance = await ledger.GetBalanceAsync();
        var history = await ledger.GetHistoryAsync(HistoryRows, null);
        var text = new StringBuilder(Html.Escape(ProjectTexts.Available(balance, Money, l)));
        var lines = await HistoryLinesAsync(context, history.Items);
        if (lines.Count > 0)
        {
            text.Append("\n\n").Append(l.Text("credits.recent", "Recent:")).Append('\n');
            foreach (var line in lines)
            {
                text.Append(line).Append('\n');
            }
        }

        text.Append('\n').Append(l.Text("credits.buy", "Buy credits with Telegram Stars:"));
        var packages = paymentOptions.Value.Offered;
        var buttons = packages.Select((p, i) => (IReadOnlyList<ChatButton>)[new ChatButton($"{PaymentHandler.Label(p, l)} — {p.Stars} ⭐", CallbackData.For(CallbackData.Buy, i))]).ToList();
        await chat.SendTextAsync(context.ChatId, text.ToString(), buttons, cancellationToken);
    }

    /// <summary>
    /// The credit history as a person reads it: one line per project (what the project cost in all, however many model
    /// requests that took), and grants, purchases and refunds as lines of their own; newest first.
    /// </summary>
    private async Task<List<string>> HistoryLinesAsync(ChatContext context, IReadOnlyList<CreditTransactionView> items)
    {
        var l = context.Language;
        var lines = new List<string>();
        var projectsSeen = new HashSet<Guid>();
        foreach (var item in items)
        {
            if (lines.Count >= HistoryLines)
            {
                break;
            }

            var date = item.CreatedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (item.ProjectId is { } projectId && item.Kind == "usage")
            {
                if (!projectsSeen.Add(projectId))
                {
                    continue;
                }

                var status = await grains.GetGrain<IProjectGrain>(projectId).GetStatusAsync();
                var requests = items.Count(i => i.ProjectId == projectId && i.Kind == "usage");
                lines.Add(status.UserId == context.UserId
                    ? $"{date} −{ProjectTexts.Credits(status.CreditsUsed)} " + l.Format("credits.line.project", "project {0} ({1}{2})", Html.Bold(status.Title),
                        Html.Escape(ProjectTexts.StateName(status, l)), requests >= HistoryRows ? string.Empty : l.Format("credits.line.requests", ", {0} model request(s)", requests))
                    : $"{date} −{ProjectTexts.Credits(-item.Credits)} " + l.Text("credits.line.aProject", "a project"));
                continue;
            }

            var what = item.Kind switch
            {
                "purchase" => l.Text("credits.line.purchase", "bought with Telegram Stars"),
                "refund" => l.Text("credits.line.refund", "refund"),
                "grant" => Grant(item.Description, l),
                "referral_bonus" => l.Text("credits.line.referral", "Referral bonus"),
                "usage" => l.Text("credits.line.usage", "model requests"),
                _ => item.Description ?? item.Kind,
            };
            lines.Add($"{date} {(item.Credits >= 0 ? "+" : "−")}{ProjectTexts.Credits(Math.Abs(item.Credits))} {Html.Escape(what)}");
        }

        return lines;
    }

    /// <summary>
    /// A grant's line: the descriptions the user grain writes are worded in the user's language; an operator's own
    /// reason is shown as the operator wrote it.
    /// </summary>
    private static string Grant(string? description, ChatLanguage l) => description switch
    {
        null => l.Text("credits.line.free", "free credits"),
        "welcome credits" => l.Text("credits.line.welcome", "welcome credits"),
        "referral bonus: you were invited" => l.Text("credits.line.invited", "referral bonus: you were invited"),
        "referral bonus: a friend you invited" => l.Text("credits.line.inviter", "referral bonus: a friend you invited"),
        _ => description,
    };

    public async Task DownloadAsync(ChatContext context, Guid projectId, CancellationToken cancellationToken)
    {
        var l = context.Language;
        var package = await grains.GetGrain<IProjectGrain>(projectId).GetPackageAsync(context.UserId);
        if (package is null)
        {
            await chat.SendTextAsync(context.ChatId, l.Text("download.none", "There is no package for that project."), null, cancellationToken);
            return;
        }

        await chat.SendDocumentAsync(context.ChatId, package.FileName, package.Content,
            Html.Escape(package.FileName) + (package.Partial ? l.Text("download.partial", " (partial)") : string.Empty)
            + l.Format("download.cost", " — cost {0}.", Html.Escape(ProjectWording.Cost(package.CreditsUsed, Money, l))), cancellationToken);
    }

    private async Task StartAsync(ChatContext context, string payload, CancellationToken cancellationToken)
    {
        var user = grains.GetGrain<IUserGrain>(context.UserId);
        var started = await user.StartAsync(context.Profile);
        // A deep link's payload: /start ref_CODE is an invitation (the bonus comes with the first purchase).
        var invited = payload.StartsWith("ref_", StringComparison.Ordinal) ? await user.AcceptInvitationAsync(payload[4..]) : (InvitationOutcome?)null;
        var info = await grains.GetGrain<IFrontEndGrain>(0).GetServiceInfoAsync();
        var l = context.Language;
        var text = new StringBuilder(started.IsNewUser
            ? l.Text("welcome.new", "Welcome to DevBot! I turn an idea into a working software project.")
            : l.Text("welcome.back", "Welcome back!"));
        if (started.InitialCreditsGranted)
        {
            text.Append('\n').Append(l.Format("welcome.granted", "You received {0} free credits.", ProjectTexts.Credits(started.InitialCredits)));
        }

        text.Append('\n').Append(l.Format("welcome.available", "Credits available: {0}.", ProjectTexts.Credits(started.Summary.Credits.Available)));
        if (invited == InvitationOutcome.Recorded)
        {
            text.Append('\n').Append(l.Text("welcome.invited", "You came by a friend's invitation: when you first buy credits, you and your friend both receive bonus credits."));
        }
        if (info.ScriptedModels)
        {
            text.Append("\n\n⚠ ").Append(l.Text("welcome.demo", "Demo mode: no model keys are configured, so scripted models answer. They build one of three samples, whichever is closest to your idea: "
                                                              + "a Node.js web API, a C# web API, or a Python command-line tool. The first question says which."));
        }

        var status = started.Summary.ActiveProjectId is { } id ? await grains.GetGrain<IProjectGrain>(id).GetStatusAsync() : null;
        if (status is not null && !status.State.IsTerminal())
        {
            await chat.SendTextAsync(context.ChatId, text.Append("\n\n")
                .Append(l.Format("welcome.activeProject", "Your project {0} is {1}.", Html.Bold(status.Title), Html.Escape(ProjectTexts.StateName(status, l)))).ToString(), null, cancellationToken);
            // The prompt below shows where the project is; older events need not be shown again.
            await grains.GetGrain<IProjectGrain>(status.ProjectId).AcknowledgeEventsAsync(context.UserId, status.LastEventSeq);
            await relay.TrackAsync(status.ProjectId, context.UserId, status.LastEventSeq);
            await prompts.ShowAsync(context, status, cancellationToken);
            return;
        }

        text.Append("\n\n").Append(l.Text("welcome.describe", "Describe your idea in a message: what should the software do, and for whom?"));
        await chat.SendTextAsync(context.ChatId, text.ToString(), null, cancellationToken);
    }

    private async Task StatusAsync(ChatContext context, CancellationToken cancellationToken)
    {
        var summary = await grains.GetGrain<IUserGrain>(context.UserId).GetSummaryAsync();
        if (summary.ActiveProjectId is not { } id)
        {
            await chat.SendTextAsync(context.ChatId, context.Language.Format("status.noProject", "No project yet. {0}.\nDescribe your idea in a message to start one.",
                Html.Escape(ProjectTexts.Available(summary.Credits, Money, context.Language))), null, cancellationToken);
            return;
        }

        var status = await grains.GetGrain<IProjectGrain>(id).GetStatusAsync();
        await chat.SendTextAsync(context.ChatId, ProjectTexts.Status(status, summary.Credits, Money, context.Language), null, cancellationToken);
    }

    private async Task CancelAsync(ChatContext context, CancellationToken cancellationToken)
    {
        var summary = await grains.GetGrain<IUserGrain>(context.UserId).GetSummaryAsync();
        var status = summary.ActiveProjectId is { } id ? await grains.GetGrain<IProjectGrain>(id).GetStatusAsync() : null;
        if (status is null || status.State.IsTerminal())
        {
            await chat.SendTextAsync(context.ChatId, context.Language.Text("cancel.none", "There is no project running to cancel."), null, cancellationToken);
            return;
        }

        await AskToCancelAsync(context, status, cancellationToken);
    }

    /// <summary>Asks before stopping a project (from /cancel, or "Cancel" under the estimate): what is kept, what is not refunded.</summary>
    public async Task AskToCancelAsync(ChatContext context, ProjectStatus status, CancellationToken cancellationToken)
    {
        var l = context.Language;
        await chat.SendTextAsync(context.ChatId,
            l.Format("cancel.ask", "Stop {0}? It stops after the step it is on. The {1} used so far are not refunded; "
                                   + "the work done so far is kept and sent to you as a ZIP.", Html.Bold(status.Title), ProjectWording.Amount(status.CreditsUsed, l)),
            [[new ChatButton(l.Text("button.confirmCancel", "Yes, stop it"), CallbackData.For(CallbackData.ConfirmCancel, status.ProjectId)),
                new ChatButton(l.Text("button.keepGoing", "No, carry on"), CallbackData.For(CallbackData.KeepGoing, status.ProjectId))]],
            cancellationToken);
    }

    private async Task HistoryAsync(ChatContext context, CancellationToken cancellationToken)
    {
        var l = context.Language;
        var projects = await grains.GetGrain<IUserGrain>(context.UserId).GetProjectsAsync();
        if (projects.Count == 0)
        {
            await chat.SendTextAsync(context.ChatId, l.Text("history.none", "No projects yet. Describe your idea in a message to start one."), null, cancellationToken);
            return;
        }

        var text = new StringBuilder(l.Text("history.header", "Your projects:")).Append('\n');
        var buttons = new List<IReadOnlyList<ChatButton>>();
        foreach (var project in projects.Take(10))
        {
            var status = await grains.GetGrain<IProjectGrain>(project.ProjectId).GetStatusAsync();
            text.Append(CultureInfo.InvariantCulture, $"• {project.CreatedAt:yyyy-MM-dd} {Html.Bold(status.Title)} — {Html.Escape(ProjectTexts.StateName(status, l))}, ")
                .Append(ProjectWording.Amount(status.CreditsUsed, l)).Append('\n');
            if (status.PackageFileName is not null)
            {
                var label = status.Title.Length > 40 ? status.Title[..40] + "…" : status.Title;
                buttons.Add([new ChatButton("⬇ " + label, CallbackData.For(CallbackData.Download, project.ProjectId))]);
            }
        }

        await chat.SendTextAsync(context.ChatId, text.ToString(), buttons, cancellationToken);
    }

    /// <summary><c>/retention</c> shows, <c>/retention DAYS</c> shortens how long ended projects' data is kept.</summary>
    private async Task RetentionAsync(ChatContext context, string argument, CancellationToken cancellationToken)
    {
        int? days = null;
        if (argument.Length > 0)
        {
            if (!int.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out var chosen) || chosen > 3650)
            {
                await chat.SendTextAsync(context.ChatId, context.Language.Text("retention.usage", "Usage: /retention DAYS (0 deletes a finished project's files, conversation and package at once)."),
                    null, cancellationToken);
                return;
            }

            days = chosen;
        }

        var user = grains.GetGrain<IUserGrain>(context.UserId);
        var applies = days is null ? await user.GetRetentionAsync() : await user.SetRetentionAsync(days);
        var l = context.Language;
        await chat.SendTextAsync(context.ChatId,
            l.Format("retention.shown", "Finished projects' code, conversation and package are deleted {0}; what they cost stays in your credit history. /retention DAYS shortens it.",
                applies == 0 ? l.Text("retention.atOnce", "as soon as they end") : l.Format("retention.days", "{0} days after they end", applies)), null, cancellationToken);
    }

    /// <summary>
    /// <c>/paysupport</c> says how to get help with a payment; <c>/paysupport QUESTION</c> passes the question to the
    /// operators' chats (with who asks, so they can answer and refund) and tells the user it went.
    /// </summary>
    private async Task PaySupportAsync(ChatContext context, string question, CancellationToken cancellationToken)
    {
        if (question.Length == 0 || botOptions.Value.OperatorIds.Count == 0)
        {
            await chat.SendTextAsync(context.ChatId, Html.Escape(paymentOptions.Value.Support(context.Language)), null, cancellationToken);
            return;
        }

        // What goes to the operators' chats is in English (operators' texts are not translated).

        var asker = context.Profile.Username is { } name ? "@" + name : context.Profile.DisplayName ?? "a user";
        var passed = 0;
        foreach (var operatorId in botOptions.Value.OperatorIds)
        {
            try
            {
                await chat.SendTextAsync(operatorId,
                    $"Payment support request from {Html.Escape(asker)} (user id {Html.Code(context.UserId.ToString(CultureInfo.InvariantCulture))}):\n{Html.Escape(question.Length > 1000 ? question[..1000] + "…" : question)}",
                    null, cancellationToken);
                passed++;
            }
            catch (ChatUnreachableException)
            {
                // An operator who never opened a chat with the bot cannot be written to; the others still can.
            }
        }

        await chat.SendTextAsync(context.ChatId, passed > 0
            ? context.Language.Text("paysupport.passed", "Thanks, your question went to DevBot's operators; they answer here in this chat.")
            : Html.Escape(paymentOptions.Value.Support(context.Language)), null, cancellationToken);
    }

    /// <summary><c>/invite</c>: the user's own invitation link (and what it is worth).</summary>
    private async Task InviteAsync(ChatContext context, CancellationToken cancellationToken)
    {
        var code = await grains.GetGrain<IUserGrain>(context.UserId).GetReferralCodeAsync();
        var link = await chat.StartLinkAsync("ref_" + code, cancellationToken);
        var l = context.Language;
        await chat.SendTextAsync(context.ChatId,
            l.Text("invite.intro", "Invite friends to DevBot: share this link. When a friend who came by it first buys credits, you both receive bonus credits.") + "\n"
            + (link is null ? l.Format("invite.code", "Your invitation code: {0} (they send /start ref_{1}).", Html.Code("ref_" + code), Html.Escape(code)) : Html.Escape(link)),
            null, cancellationToken);
    }

    /// <summary><c>/feedback COMMENT</c>: a comment beside the rating of the user's last delivered project, once.</summary>
    private async Task FeedbackAsync(ChatContext context, string comment, CancellationToken cancellationToken)
    {
        var projects = await grains.GetGrain<IUserGrain>(context.UserId).GetProjectsAsync();
        ProjectStatus? delivered = null;
        foreach (var project in projects.Take(10))
        {
            var status = await grains.GetGrain<IProjectGrain>(project.ProjectId).GetStatusAsync();
            if (status.State == ProjectState.Completed)
            {
                delivered = status;
                break;
            }
        }

        var l = context.Language;
        if (delivered is null)
        {
            await chat.SendTextAsync(context.ChatId, l.Text("feedback.none", "Feedback is for a delivered project; you have none yet."), null, cancellationToken);
            return;
        }

        var title = Html.Bold(delivered.Title);
        if (comment.Length == 0)
        {
            await chat.SendTextAsync(context.ChatId, l.Format("feedback.usage", "Usage: /feedback YOUR COMMENT (about {0}, after rating it).", title), null, cancellationToken);
            return;
        }

        var outcome = await grains.GetGrain<IProjectGrain>(delivered.ProjectId).CommentAsync(context.UserId, comment);
        await chat.SendTextAsync(context.ChatId, outcome switch
        {
            FeedbackOutcome.Saved => l.Format("feedback.saved", "Thanks, your comment on {0} is saved with the project.", title),
            FeedbackOutcome.AlreadyGiven => l.Format("feedback.already", "You already commented on {0}; thanks again.", title),
            FeedbackOutcome.Invalid => l.Text("feedback.tooLong", "Please keep the comment under 2000 characters."),
            _ => l.Format("feedback.rateFirst", "Rate {0} first (the 1–5 buttons under its delivery), then add your comment.", title),
        }, null, cancellationToken);
    }

    /// <summary><c>/keys</c>, for operators only: in English, like every operator text.</summary>
    private async Task KeysAsync(ChatContext context, CancellationToken cancellationToken)
    {
        var text = new StringBuilder("API-key pools:\n");
        foreach (var provider in new[] { "google", "openrouter" })
        {
            var keys = await grains.GetGrain<IApiKeyPoolGrain>(provider).ListAsync();
            text.Append('\n').Append(Html.Bold(provider)).Append(CultureInfo.InvariantCulture, $": {keys.Count(k => k.Status == "active")} active of {keys.Count}\n");
            foreach (var key in keys)
            {
                text.Append(CultureInfo.InvariantCulture, $"#{key.KeyId} {Html.Code(key.Masked)} {Html.Escape(key.Label ?? string.Empty)} {key.Status}")
                    .Append(key.StatusReason is null ? string.Empty : " (" + Html.Escape(key.StatusReason) + ")")
                    .Append(key.CooldownUntil is { } until && until > DateTimeOffset.UtcNow ? string.Create(CultureInfo.InvariantCulture, $", cooling until {until:HH:mm:ss}") : string.Empty)
                    .Append(CultureInfo.InvariantCulture, $", {key.UsageCount} uses\n");
            }
        }

        await chat.SendTextAsync(context.ChatId, text.ToString(), null, cancellationToken);
    }

    private const string HelpText =
        "I turn your idea into a working software project:\n"
        + "1. Describe your idea; I ask a few questions and propose a scope.\n"
        + "2. The Architect writes the docs and a TODO plan, and I show the estimated cost in credits.\n"
        + "3. After you start, the work is done item by item (each a git commit), checked after each phase, tested.\n"
        + "4. You get a ZIP with the code, docs, README and history, and the final cost.\n\n"
        + "/status — progress and credits\n/credits — balance, history, buy credits\n/history — past projects and downloads\n"
        + "/cancel — stop the current project (the work so far is kept)\n/start — pick up where you left off\n"
        + "/paysupport — help with a payment or a refund\n/terms — terms of service";
}
