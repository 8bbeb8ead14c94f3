using System.Globalization;
using System.Text;
using System.Text.Json;
using DevBot.GrainInterfaces.Admin;
using DevBot.GrainInterfaces.Keys;
using DevBot.GrainInterfaces.Projects;
using DevBot.GrainInterfaces.Reports;

namespace DevBot.Silo.Admin;

/// <summary>
/// The operator page, rendered on the server from grain calls (read-only): profit and loss by day and month, spend by
/// model, provider, key, user and project, key health, projects in flight, users, alerts, operator actions, product
/// outcomes and the per-call usage log with filters. Two charts are drawn in the browser from numbers in the page.
/// </summary>
public static class AdminPage
{
    public const string ChartJsVersion = "4.6.1";
    private static readonly string[] Providers = ["google", "openrouter"];

    public static async Task<string> RenderAsync(IGrainFactory grains, long operatorId, IQueryCollection query, DateTimeOffset now)
    {
        var reports = grains.GetGrain<IReportGrain>(0);
        var admin = grains.GetGrain<IAdminGrain>(0);
        var days = new ReportPeriod(new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(-29), now.AddSeconds(1));
        var months = new ReportPeriod(new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(-11), now.AddSeconds(1));
        var pnlByDay = await reports.GetProfitAndLossAsync(days, ReportGrouping.Day);
        var pnlByMonth = await reports.GetProfitAndLossAsync(months, ReportGrouping.Month);
        var keys = new List<ApiKeyInfo>();
        foreach (var provider in Providers)
        {
            keys.AddRange(await grains.GetGrain<IApiKeyPoolGrain>(provider).ListAsync());
        }

        var spend = new Dictionary<ReportGrouping, SpendReport>();
        foreach (var by in new[] { ReportGrouping.Model, ReportGrouping.Provider, ReportGrouping.Key, ReportGrouping.User, ReportGrouping.Project })
        {
            spend[by] = await reports.GetSpendAsync(days, by);
        }

        var projects = (await admin.ListProjectsAsync(null, null, 200, 0))
            .Where(p => Enum.TryParse<ProjectState>(p.State, out var s) && !s.IsTerminal()).ToList();
        var users = await admin.ListUsersAsync(null, 50, 0);
        var topUsers = (await reports.GetTopUsersAsync(days, 1000)).ToDictionary(u => u.UserId);
        var alerts = await grains.GetGrain<IOperatorAlertGrain>(0).ListAsync(50);
        var actions = await admin.ListActionsAsync(30);
        var outcomes = await admin.GetProjectOutcomesAsync(days.Since);
        var filterUser = long.TryParse(query["user"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var u) ? u : (long?)null;
        string? filterModel = string.IsNullOrWhiteSpace(query["model"]) ? null : query["model"].ToString();
        var filterSince = query["since"].ToString() is { Length: > 0 } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var since) ? since : now.AddDays(-1);
        var usage = await admin.ListUsageAsync(filterUser, filterModel, filterSince, 200);

        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<h1>DevBot operators</h1><p>Signed in as operator {operatorId}. Money in USD; Stars at {pnlByDay.UsdPerStar} USD. ")
            .Append(CultureInfo.InvariantCulture, $"Figures for the last 30 days ({days.Since:yyyy-MM-dd} to {now:yyyy-MM-dd HH:mm} UTC) unless a section says otherwise.</p>")
            .Append("<nav><a href=\"#pnl\">P&amp;L</a><a href=\"#spend\">Spend</a><a href=\"#keys\">Keys</a><a href=\"#projects\">Projects</a><a href=\"#users\">Users</a>")
            .Append("<a href=\"#alerts\">Alerts</a><a href=\"#usage\">Usage log</a><a href=\"/dashboard/\">Orleans dashboard</a></nav>");

        html.Append("<h2 id=\"pnl\">Profit and loss</h2><p>Revenue is purchases less refunds; model cost is every call, of which the part spent from free or granted credits is shown apart. Net = revenue − model cost.</p>");
        html.Append("<canvas id=\"chart-pnl\" width=\"900\" height=\"260\"></canvas>");
        html.Append("<div class=\"grid\"><div><h3>By day</h3>").Append(PnlTable("pnl-day", pnlByDay)).Append("</div>");
        html.Append("<div><h3>By month (12 months)</h3>").Append(PnlTable("pnl-month", pnlByMonth)).Append("</div></div>");

        html.Append("<h2 id=\"outcomes\">How the product performs</h2>").Append(AdminHtml.Table("outcomes",
            [("completed", true), ("failed", true), ("cancelled", true), ("in flight", true), ("paused", true), ("median time to delivery", true),
                ("tests passed (projects)", true), ("reviews passed first time", true), ("credit pauses", true), ("loop pauses", true), ("users' rating", true)],
            [[AdminHtml.Number(outcomes.Completed), AdminHtml.Number(outcomes.Failed), AdminHtml.Number(outcomes.Cancelled), AdminHtml.Number(outcomes.InFlight),
                AdminHtml.Number(outcomes.Paused), (outcomes.MedianMinutesToDelivery.HasValue ? $"{outcomes.MedianMinutesToDelivery.Value:0.#} min" : "-"),
                AdminHtml.Number(outcomes.TestsPassedProjects),
                outcomes.VerificationPassRate.HasValue ? $"{outcomes.VerificationPassRate.Value:0.#} % ({outcomes.ReviewsPassed} of {outcomes.ReviewsPassed + outcomes.ReviewsWithGaps})" : "-",
                AdminHtml.Number(outcomes.CreditPauses), AdminHtml.Number(outcomes.LoopPauses),
                outcomes.AverageRating.HasValue ? $"{outcomes.AverageRating.Value:0.0#} of 5 ({outcomes.RatedProjects} rated)" : "-"]]));

        html.Append("<h2 id=\"spend\">Spend</h2><canvas id=\"chart-models\" width=\"420\" height=\"260\"></canvas><div class=\"grid\">");
        foreach (var (by, report) in spend)
        {
            html.Append(CultureInfo.InvariantCulture, $"<div><h3>By {by.ToString().ToLowerInvariant()}</h3>").Append(AdminHtml.Table($"spend-{by.ToString().ToLowerInvariant()}",
                [(by.ToString().ToLowerInvariant(), false), ("calls", true), ("cost $", true), ("on free $", true), ("credits", true)],
                report.Rows.Select(r => (IReadOnlyList<string>)[AdminHtml.Encode(r.Key), AdminHtml.Number(r.Requests), AdminHtml.Money(r.CostUsd), AdminHtml.Money(r.CostOnFreeUsd), AdminHtml.Money(r.CreditsCharged)]),
                ["total", AdminHtml.Number(report.Total.Requests), AdminHtml.Money(report.Total.CostUsd), AdminHtml.Money(report.Total.CostOnFreeUsd), AdminHtml.Money(report.Total.CreditsCharged)]))
                .Append("</div>");
        }

        html.Append("</div>");

        var keySpend = spend[ReportGrouping.Key].Rows.ToDictionary(r => r.Key, StringComparer.Ordinal);
        html.Append("<h2 id=\"keys\">Key health</h2>").Append(AdminHtml.Table("keys",
            [("key", false), ("label", false), ("status", false), ("calls", true), ("errors", true), ("last error", false), ("cooling until", false), ("spend $ (30 d)", true), ("last used", false)],
            keys.Select(k => new string[]
            {
                AdminHtml.Encode($"{k.Provider} #{k.KeyId} {k.Masked}"), AdminHtml.Encode(k.Label), AdminHtml.Encode(k.Status + ((k.StatusReason is null ? string.Empty : $" ({k.StatusReason})"))),
                AdminHtml.Number(k.UsageCount), AdminHtml.Number(k.ErrorCount),
                k.LastError is null ? string.Empty : AdminHtml.Encode(k.LastError) + ", " + AdminHtml.When(k.LastErrorAt, now),
                k.CooldownUntil > now ? AdminHtml.When(k.CooldownUntil, now) : string.Empty,
                AdminHtml.Money(keySpend.TryGetValue($"{k.Provider} #{k.KeyId}", out var ks) ? ks.CostUsd : 0m), AdminHtml.When(k.LastUsedAt, now),
            })));

        html.Append("<h2 id=\"projects\">Projects in flight</h2>").Append(AdminHtml.Table("projects",
            [("project", false), ("user", true), ("title", false), ("state", false), ("todo", true), ("credits used", true), ("estimate", true), ("started", false)],
            projects.Select(p => new string[]
            {
                AdminHtml.Encode(p.ProjectId.ToString()), p.UserId.ToString(CultureInfo.InvariantCulture), AdminHtml.Encode(p.Title), AdminHtml.Encode(p.State),
                $"{p.TodoDone}/{p.TodoTotal}", AdminHtml.Money(p.CreditsUsed), (p.EstimateCredits.HasValue ? AdminHtml.Money(p.EstimateCredits.Value) : string.Empty), AdminHtml.When(p.CreatedAt, now),
            })));

        html.Append("<h2 id=\"users\">Users</h2>").Append(AdminHtml.Table("users",
            [("user", true), ("username", false), ("balance", true), ("held", true), ("spent (30 d)", true), ("cost $ (30 d)", true), ("bought (30 d)", true), ("projects", true), ("since", false)],
            users.Select(x => new string[]
            {
                x.UserId.ToString(CultureInfo.InvariantCulture), AdminHtml.Encode(x.Username), AdminHtml.Money(x.Balance), AdminHtml.Money(x.Held),
                AdminHtml.Money(topUsers.GetValueOrDefault(x.UserId)?.CreditsCharged ?? 0m), AdminHtml.Money(topUsers.GetValueOrDefault(x.UserId)?.CostUsd ?? 0m),
                AdminHtml.Money(topUsers.GetValueOrDefault(x.UserId)?.CreditsPurchased ?? 0m), AdminHtml.Number(x.Projects), AdminHtml.When(x.CreatedAt, now),
            })));

        html.Append("<h2 id=\"alerts\">Alerts</h2>").Append(AdminHtml.Table("alerts",
            [("kind", false), ("about", false), ("message", false), ("times", true), ("last", false), ("first", false), ("sent to operators", false)],
            alerts.Select(a => new string[]
            {
                AdminHtml.Encode(a.Kind), AdminHtml.Encode(a.Subject), AdminHtml.Encode(a.Message), AdminHtml.Number(a.Occurrences), AdminHtml.When(a.LastAt, now),
                AdminHtml.When(a.FirstAt, now), AdminHtml.When(a.NotifiedAt, now),
            })));

        html.Append("<h2 id=\"actions\">Operator actions</h2>").Append(AdminHtml.Table("actions",
            [("who", false), ("what", false), ("on", false), ("details", false), ("when", false)],
            actions.Select(a => (IReadOnlyList<string>)[AdminHtml.Encode(a.Operator), AdminHtml.Encode(a.Action), AdminHtml.Encode(a.Target), AdminHtml.Encode(a.Details), AdminHtml.When(a.At, now)])));

        html.Append("<h2 id=\"usage\">Usage log</h2><form class=\"filters\" method=\"get\" action=\"/admin#usage\">")
            .Append(CultureInfo.InvariantCulture, $"user <input name=\"user\" value=\"{filterUser}\"> model <input name=\"model\" value=\"{AdminHtml.Encode(filterModel)}\"> ")
            .Append(CultureInfo.InvariantCulture, $"since <input name=\"since\" value=\"{filterSince.UtcDateTime:yyyy-MM-ddTHH:mm}Z\"> <button>Filter</button></form>")
            .Append(AdminHtml.Table("usage-log",
                [("when", false), ("user", true), ("project", false), ("model", false), ("key", false), ("task", false), ("in", true), ("out", true), ("cost $", true), ("credits", true)],
                usage.Select(r => new string[]
                {
                    AdminHtml.When(r.At, now), r.UserId.ToString(CultureInfo.InvariantCulture), AdminHtml.Encode(r.ProjectId?.ToString()), AdminHtml.Encode($"{r.Provider}/{r.Model}"),
                    (r.KeyId.HasValue ? $"#{r.KeyId.Value}" : string.Empty), AdminHtml.Encode(r.TaskType), AdminHtml.Number(r.InputTokens), AdminHtml.Number(r.OutputTokens),
                    $"{r.CostUsd:0.0000}", AdminHtml.Money(r.Credits),
                })));

        var chartData = new
        {
            pnl = new
            {
                labels = pnlByDay.Rows.Select(r => r.Key),
                revenue = pnlByDay.Rows.Select(r => Math.Round(r.RevenueUsd, 2)),
                cost = pnlByDay.Rows.Select(r => Math.Round(r.ModelCostUsd, 2)),
                free = pnlByDay.Rows.Select(r => Math.Round(r.CostOnFreeUsd, 2)),
            },
            models = new
            {
                labels = spend[ReportGrouping.Model].Rows.Select(r => r.Key),
                cost = spend[ReportGrouping.Model].Rows.Select(r => Math.Round(r.CostUsd, 4)),
            },
        };
        // JSON inside a script element: '<' is escaped by the serializer's default encoder, so no text can close it.
        html.Append("<script type=\"application/json\" id=\"chart-data\">").Append(JsonSerializer.Serialize(chartData)).Append("</script>");
        return AdminHtml.Shell("DevBot operators", html.ToString(), charts: true);
    }

    private static string PnlTable(string id, ProfitAndLossReport report) => AdminHtml.Table(id,
        [("period", false), ("purchases", true), ("revenue $", true), ("model cost $", true), ("on paid $", true), ("on free $", true), ("net $", true), ("margin %", true)],
        report.Rows.Select(PnlCells), PnlCells(report.Total));

    private static IReadOnlyList<string> PnlCells(ProfitAndLossRow r) =>
    [
        AdminHtml.Encode(r.Key), AdminHtml.Number(r.Purchases), AdminHtml.Money(r.RevenueUsd), AdminHtml.Money(r.ModelCostUsd), AdminHtml.Money(r.CostOnPaidUsd),
        AdminHtml.Money(r.CostOnFreeUsd), r.NetUsd < 0 ? $"<span class=\"loss\">{AdminHtml.Money(r.NetUsd)}</span>" : AdminHtml.Money(r.NetUsd),
        (r.MarginPercent.HasValue ? AdminHtml.Money(r.MarginPercent.Value) : "-"),
    ];
}
