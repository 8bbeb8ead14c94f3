using System.CommandLine;
using DevBot.GrainInterfaces.Admin;
using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Users;

namespace DevBot.AdminConsole;

/// <summary><c>users list|show|forget</c> and <c>credits grant|adjust|refund</c>.</summary>
public static class UserCommands
{
    public static Command Users(AdminContext context)
    {
        var users = new Command("users", "Users: list, show one, forget one.");

        var search = new Option<string?>("--search") { Description = "Part of a username or display name, or a user id." };
        var limit = new Option<int>("--limit") { Description = "How many.", DefaultValueFactory = _ => 50 };
        var list = new Command("list", "Users, newest first.") { search, limit };
        context.Action(list, async (parse, grains, _) =>
        {
            var rows = await grains.GetGrain<IAdminGrain>(0).ListUsersAsync(parse.GetValue(search), parse.GetValue(limit), 0);
            context.Show(parse, rows, r => context.Output.Table(
                ["user", "username", "name", "balance", "held", "projects", "since", "forgotten"],
                r.Select(u => new[]
                {
                    AdminOutput.Number(u.UserId), u.Username, u.DisplayName, AdminOutput.Money(u.Balance), AdminOutput.Money(u.Held),
                    AdminOutput.Number(u.Projects), AdminOutput.Ago(u.CreatedAt, DateTimeOffset.UtcNow), u.Forgotten ? "yes" : string.Empty,
                })));
        });

        var userId = new Argument<long>("user-id") { Description = "Telegram user id." };
        var show = new Command("show", "One user: profile, credits, projects, recent credit history.") { userId };
        context.Action(show, async (parse, grains, _) =>
        {
            var id = parse.GetValue(userId);
            await AdminContext.RequireUserAsync(grains, id);
            var user = grains.GetGrain<IUserGrain>(id);
            var summary = await user.GetSummaryAsync();
            var projects = await user.GetProjectsAsync();
            var history = await grains.GetGrain<ICreditLedgerGrain>(id).GetHistoryAsync(20, null);
            context.Show(parse, new { summary, projects, history = history.Items }, _ =>
            {
                context.Output.Line($"user {id}  {summary.Profile.Username ?? "-"}  {summary.Profile.DisplayName ?? string.Empty}");
                context.Output.Line($"credits: balance {AdminOutput.Number(summary.Credits.Balance)}, held {AdminOutput.Number(summary.Credits.Held)}, "
                                    + $"available {AdminOutput.Number(summary.Credits.Available)}{(summary.LowBalance ? " (low)" : string.Empty)}");
                context.Output.Table(["project", "title", "created"], projects.Select(p => new[] { p.ProjectId.ToString(), p.Title, AdminOutput.When(p.CreatedAt) }));
                context.Output.Table(["when", "kind", "credits", "balance after", "description"],
                    history.Items.Select(t => new[] { AdminOutput.When(t.CreatedAt), t.Kind, AdminOutput.Number(t.Credits), AdminOutput.Number(t.BalanceAfter), t.Description }));
            });
        });

        var forgetId = new Argument<long>("user-id") { Description = "Telegram user id." };
        var forget = new Command("forget", "Erase a user's personal data and purge their projects (ledger rows stay, anonymous).") { forgetId };
        context.Action(forget, async (parse, grains, cancellationToken) =>
        {
            var id = parse.GetValue(forgetId);
            await AdminContext.RequireUserAsync(grains, id);
            var row = await grains.GetGrain<IAdminGrain>(0).GetUserAsync(id);
            await context.ConfirmAsync(parse,
                $"Forget user {id}{(row?.Username is { } name ? " (" + name + ")" : string.Empty)}? Their profile and conversations are erased and their projects purged; this cannot be undone.",
                cancellationToken);
            var result = await grains.GetGrain<IUserGrain>(id).ForgetAsync();
            await context.RecordAsync(grains, parse, "users forget", $"user {id}", $"{result.ProjectsPurged} purged, {result.ProjectsStopping} stopping");
            context.Show(parse, result, r => context.Output.Line(
                $"user {r.UserId} forgotten: {r.ProjectsPurged} project(s) purged now, {r.ProjectsStopping} stopping (purged when they have stopped)"));
        });

        var limitUser = new Argument<long>("user-id") { Description = "Telegram user id." };
        var daily = LimitOption("--daily", "Credits per UTC day");
        var monthly = LimitOption("--monthly", "Credits per UTC month");
        var limitCommand = new Command("limit", "Show or set a user's daily and monthly credit limits (checked when a model call reserves).") { limitUser, daily, monthly };
        context.Action(limitCommand, async (parse, grains, _) =>
        {
            var id = parse.GetValue(limitUser);
            await AdminContext.RequireUserAsync(grains, id);
            var ledger = grains.GetGrain<ICreditLedgerGrain>(id);
            var current = await ledger.GetLimitsAsync();
            var changed = parse.GetResult(daily) is not null || parse.GetResult(monthly) is not null;
            if (changed)
            {
                var wanted = new CreditLimits(parse.GetResult(daily) is null ? current.Daily : parse.GetValue(daily),
                    parse.GetResult(monthly) is null ? current.Monthly : parse.GetValue(monthly));
                current = await ledger.SetLimitsAsync(wanted);
                await context.RecordAsync(grains, parse, "users limit", $"user {id}", $"daily {Limit(current.Daily)}, monthly {Limit(current.Monthly)}");
            }

            context.Show(parse, current, l => context.Output.Line($"user {id}: daily limit {Limit(l.Daily)}, monthly limit {Limit(l.Monthly)}"));
        });

        users.Subcommands.Add(list);
        users.Subcommands.Add(limitCommand);
        users.Subcommands.Add(show);
        users.Subcommands.Add(forget);
        return users;
    }

    public static Command Credits(AdminContext context)
    {
        var credits = new Command("credits", "Grant, adjust or refund a user's credits (every change is idempotent by its key).");
        credits.Subcommands.Add(Posting(context, "grant", "Give credits.", GrantKind.Manual));
        credits.Subcommands.Add(Posting(context, "adjust", "Correct a balance by a signed amount (never below what is available).", GrantKind.Adjustment));

        var userId = new Argument<long>("user-id");
        var charge = new Argument<string>("charge-id") { Description = "The purchase's payment charge id." };
        var reason = new Option<string?>("--reason") { Description = "Why (kept with the transaction)." };
        var refund = new Command("refund", "Take back a purchase's credits in the ledger (the Stars go back through the bot's /refund).") { userId, charge, reason };
        context.Action(refund, async (parse, grains, _) =>
        {
            await AdminContext.RequireUserAsync(grains, parse.GetValue(userId));
            var result = await grains.GetGrain<ICreditLedgerGrain>(parse.GetValue(userId)).RefundAsync(
                new CreditRefund(parse.GetValue(charge)!, Signed(context, parse, parse.GetValue(reason) ?? "refund of purchase")));
            Report(context, parse, result);
            await context.RecordAsync(grains, parse, "credits refund", $"user {parse.GetValue(userId)}", $"charge {parse.GetValue(charge)}: {AdminOutput.Money(result.Credits)} credits");
        });
        credits.Subcommands.Add(refund);
        return credits;
    }

    private static Command Posting(AdminContext context, string name, string description, GrantKind kind)
    {
        var userId = new Argument<long>("user-id");
        var amount = new Argument<decimal>("credits") { Description = kind == GrantKind.Manual ? "Credits to give (positive)." : "Signed credits." };
        var reason = new Option<string?>("--reason") { Description = "Why (kept with the transaction)." };
        var key = new Option<string?>("--key") { Description = "Idempotency key: the same key posts once however often it is run (default: a new one)." };
        var command = new Command(name, description) { userId, amount, reason, key };
        context.Action(command, async (parse, grains, cancellationToken) =>
        {
            var credits = parse.GetValue(amount);
            if (kind == GrantKind.Manual && credits <= 0)
            {
                throw new AdminFailure("a grant must be positive; use credits adjust to take credits away");
            }

            var user = parse.GetValue(userId);
            await AdminContext.RequireUserAsync(grains, user);
            if (Math.Abs(credits) > context.Settings.ConfirmGrantsAbove)
            {
                await context.ConfirmAsync(parse,
                    $"{(kind == GrantKind.Manual ? "Grant" : "Adjust by")} {AdminOutput.Money(credits)} credits to user {user} (more than {AdminOutput.Money(context.Settings.ConfirmGrantsAbove)})?",
                    cancellationToken);
            }

            var given = parse.GetValue(key);
            var idempotencyKey = given ?? $"admin-{name}:{Guid.NewGuid():N}";
            var result = await grains.GetGrain<ICreditLedgerGrain>(user).GrantAsync(
                new CreditGrant(idempotencyKey, credits, kind, Signed(context, parse, parse.GetValue(reason) ?? (kind == GrantKind.Manual ? "grant" : "adjustment"))));
            if (result.Status == LedgerPostStatus.Replayed && result.Credits != credits)
            {
                // The key already posted a different amount: running it again must not look like success.
                throw new AdminFailure($"--key {given} was already used for {AdminOutput.Number(result.Credits)} credits (transaction {result.TransactionId}), not "
                                       + $"{AdminOutput.Number(credits)}; nothing was posted. Use a new --key for a new change.");
            }

            Report(context, parse, result);
            if (result.Status == LedgerPostStatus.Posted)
            {
                await context.RecordAsync(grains, parse, "credits " + name, $"user {user}", $"{AdminOutput.Number(credits)} credits, key {idempotencyKey}");
            }
        });
        return command;
    }

    /// <summary>A limit option: a number of credits, <c>none</c> (no limit for this user) or <c>default</c> (the configured one).</summary>
    private static Option<decimal?> LimitOption(string name, string what) => new(name)
    {
        Description = $"{what}: a number, none, or default.",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value.Trim() : string.Empty;
            if (string.Equals(text, "default", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            if (string.Equals(text, "none", StringComparison.OrdinalIgnoreCase))
            {
                return 0m;
            }

            if (decimal.TryParse(text, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0)
            {
                return value;
            }

            result.AddError($"{name} {text}: not a limit; use a positive number of credits, none, or default");
            return null;
        },
    };

    private static string Limit(decimal? limit) => limit switch
    {
        null => "default",
        0m => "none",
        { } value => AdminOutput.Money(value) + " credits",
    };

    /// <summary>The reason kept in the ledger row's description, with who gave it.</summary>
    private static string Signed(AdminContext context, ParseResult parse, string reason) => $"{reason} (by {context.OperatorName(parse)})";

    private static void Report(AdminContext context, ParseResult parse, LedgerPostResult result)
    {
        if (!result.Succeeded)
        {
            throw new AdminFailure($"not posted: {result.Status}");
        }

        context.Show(parse, result, r => context.Output.Line(
            $"{r.Status}: {AdminOutput.Number(r.Credits)} credits (transaction {r.TransactionId}); balance {AdminOutput.Number(r.Balance.Balance)}, available {AdminOutput.Number(r.Balance.Available)}"));
    }
}
