using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using DevBot.Grains.Admin;
using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Keys;
using DevBot.GrainInterfaces.Reports;
using DevBot.Silo.Hosting;
using DevBot.Tests.Bot;
using DevBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PuppeteerSharp;

namespace DevBot.Tests.Admin;

/// <summary>
/// The operator page as an operator meets it: the silo with its Telegram bot (the real Telegram.Bot client against the
/// fake Bot API), /admin sent from an operator's chat, the link it answers with opened in headless Chromium (Debian's
/// package), the page's P&amp;L, key health and charts checked against the ledger, and a screenshot kept. Without a
/// session /admin and /dashboard answer 401 (403 for an id that is not an operator); alerts reach the operator's chat
/// once per incident within the throttle.
/// </summary>
public sealed partial class AdminPageBrowserTests
{
    private const long Operator = 999;
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task Page_SignedInThroughTheBotsLink_ShowsPnlKeyHealthAndCharts_AndIsClosedWithoutASession()
    {
        await using var fake = await FakeBotApi.StartAsync();
        var port = FreePorts.Next();
        var baseUrl = $"http://127.0.0.1:{port}";
        var connectionString = await TestPostgres.CreateEmptyDatabaseAsync("adminpage");
        var cluster = "c-" + Guid.NewGuid().ToString("N")[..8];
        await using var silo = await DevBotSiloApp.StartAsync(
        [
            "--chat", $"--urls={baseUrl}", $"--DATABASE_URL={connectionString}", $"--Orleans:ClusterId={cluster}", $"--Orleans:ServiceId={cluster}",
            $"--Orleans:SiloPort={FreePorts.Next()}", $"--Orleans:GatewayPort={FreePorts.Next()}", "--Logging:LogLevel:Default=Warning",
            "--Bot:Mode=Telegram", $"--TELEGRAM_BOT_TOKEN={FakeBotApi.Token}", $"--Bot:ApiBaseUrl={fake.BaseUrl}", "--Bot:PollTimeout=00:00:01",
            "--Bot:PerChatInterval=00:00:00", "--Bot:AlertPollInterval=00:00:00.500", $"--Bot:OperatorIds:0={Operator}", $"--Admin:PublicUrl={baseUrl}",
            "--Admin:AlertThrottle=01:00:00",
            $"--API_KEY_ENCRYPTION_KEY={Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))}",
        ]);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(baseUrl) };
        await Eventually.ReturnsAsync(() => http.GetAsync("/healthz"), r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "a healthy silo");
        var grains = silo.App.Services.GetRequiredService<IGrainFactory>();
        var (user, keyId) = await SeedAsync(grains);

        // No session: the page, its data and the dashboard are closed.
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/admin")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/dashboard/")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/dashboard/DashboardCounters")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetWithCookieAsync(http, "/admin", "forged-session-token")).StatusCode);

        // A session of someone who is not (or no longer) an operator: 403.
        var store = silo.App.Services.GetRequiredService<OperatorAccessStore>();
        var (strangerToken, _) = await store.IssueSignInAsync(424242, TimeSpan.FromMinutes(1));
        var stranger = await RedeemAsync(http, strangerToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetWithCookieAsync(http, "/admin", stranger!)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetWithCookieAsync(http, "/dashboard/", stranger!)).StatusCode);

        // A non-operator's /admin is an unknown command; the operator's gets a link.
        fake.SendText(user, "/admin");
        await fake.WaitForAsync(c => c.Method == "sendmessage" && c.ChatId == user, "answered the non-operator");
        Assert.DoesNotContain("signin", fake.To(user).Last().Text, StringComparison.Ordinal);
        fake.SendText(Operator, "/admin");
        var message = await fake.WaitForAsync(c => c.Method == "sendmessage" && c.ChatId == Operator && c.Text.Contains("/admin/signin?token=", StringComparison.Ordinal),
            "sent the operator a sign-in link");
        var link = SignInLink().Match(message.Text).Value;

        var report = await grains.GetGrain<IReportGrain>(0).GetProfitAndLossAsync(
            new ReportPeriod(DateTimeOffset.UtcNow.Date.AddDays(-29), DateTimeOffset.UtcNow.AddMinutes(1)), ReportGrouping.Day);
        var revenue = await Sql.ScalarAsync<decimal>(connectionString, "SELECT sum(paid_amount) FROM credit_transactions WHERE kind = 'purchase'") * 0.013m;
        var cost = await Sql.ScalarAsync<decimal>(connectionString, "SELECT sum(charged_cost_usd) FROM api_key_usage");
        Assert.Equal(revenue, report.Total.RevenueUsd);
        Assert.Equal(cost, report.Total.ModelCostUsd);

        await using var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            Headless = true,
            ExecutablePath = Chromium,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        await using var page = await browser.NewPageAsync();
        await page.SetViewportAsync(new ViewPortOptions { Width = 1400, Height = 1000 });
        await page.GoToAsync(link);
        await Task.WhenAll(page.WaitForNavigationAsync(), page.ClickAsync("#sign-in"));
        Assert.EndsWith("/admin", page.Url, StringComparison.Ordinal);
        await page.WaitForSelectorAsync("body[data-charts-drawn='2']", new WaitForSelectorOptions { Timeout = 15_000 });

        var pnlTotal = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('#pnl-day tfoot td')].map(td => td.textContent.trim())");
        Assert.Equal(["total", "1", Money(revenue), Money(cost), Money(report.Total.CostOnPaidUsd), Money(report.Total.CostOnFreeUsd), Money(revenue - cost)], pnlTotal[..7]);
        var keyRow = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('#keys tbody tr:first-child td')].map(td => td.textContent.trim())");
        Assert.StartsWith($"openrouter #{keyId} …", keyRow[0], StringComparison.Ordinal);
        Assert.Equal(("4", "3"), (keyRow[3], keyRow[4]));
        Assert.StartsWith("429 rate limited", keyRow[5], StringComparison.Ordinal);
        var keyCost = await Sql.ScalarAsync<decimal>(connectionString, "SELECT sum(charged_cost_usd) FROM api_key_usage WHERE key_id = @k", ("k", keyId));
        Assert.Equal(Money(keyCost), keyRow[7]);
        var charted = await page.EvaluateExpressionAsync<decimal[]>("Chart.getChart('chart-pnl').data.datasets.map(d => d.data.reduce((a, b) => a + b, 0))");
        Assert.Equal([Math.Round(revenue, 2), Math.Round(cost, 2)], charted[..2]);
        var painted = await page.EvaluateExpressionAsync<int>(
            "(() => { const c = document.getElementById('chart-pnl'); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; })()");
        Assert.True(painted > 1000, $"the P&L chart painted {painted} pixels");
        var modelLabels = await page.EvaluateExpressionAsync<string[]>("Chart.getChart('chart-models').data.labels");
        Assert.Contains("openrouter/openai/gpt-4.1-mini", modelLabels);

        var artifacts = Environment.GetEnvironmentVariable("DEVBOT_TEST_ARTIFACTS") ?? Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(artifacts);
        var screenshot = Path.Combine(artifacts, "admin-page.png");
        await page.ScreenshotAsync(screenshot, new ScreenshotOptions { FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 20_000);

        // The same browser session opens the dashboard; the link does not work twice; an expired link does not work.
        var dashboard = await page.GoToAsync(baseUrl + "/dashboard/");
        Assert.Equal(HttpStatusCode.OK, dashboard.Status);
        Assert.Null(await RedeemAsync(http, link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..]));
        var (expiring, _) = await store.IssueSignInAsync(Operator, TimeSpan.FromMinutes(1));
        await Sql.ExecuteAsync(connectionString, "UPDATE operator_sign_ins SET expires_at = now() - interval '1 second' WHERE used_at IS NULL");
        Assert.Null(await RedeemAsync(http, expiring));

        // Alerts: a key rejected by its provider (the real path: disabled, logged, recorded, relayed), and one cost
        // spike logged five times, reach the operator's chat once each; the page lists them with their counts.
        await grains.GetGrain<IApiKeyPoolGrain>("openrouter").ReportAsync(keyId, KeyOutcome.Unauthorized, null);
        var logger = silo.App.Services.GetRequiredService<ILoggerFactory>().CreateLogger("DevBot.Tests.Alerts");
        for (var i = 0; i < 5; i++)
        {
#pragma warning disable CA1848, CA2254 // the event as the ledger logs it: one incident per user
            logger.LogWarning(new EventId(9103, "CostSpike"), "Operator alert: user {UserId} was charged {Credits} credits within an hour", user, 1000 + i);
#pragma warning restore CA1848, CA2254
            await Task.Delay(300);
        }

        await fake.WaitForAsync(c => c.ChatId == Operator && c.Text.Contains("API key disabled", StringComparison.Ordinal), "relayed the disabled key", TimeSpan.FromSeconds(30));
        await fake.WaitForAsync(c => c.ChatId == Operator && c.Text.Contains("cost spike", StringComparison.Ordinal), "relayed the cost spike", TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(3)); // six poll intervals: time for a duplicate to show up
        var alerts = fake.To(Operator).Where(c => c.Text.Contains("Operator alert", StringComparison.Ordinal)).ToList();
        Assert.Single(alerts, c => c.Text.Contains("API key disabled", StringComparison.Ordinal));
        Assert.Single(alerts, c => c.Text.Contains("cost spike", StringComparison.Ordinal));
        Assert.Equal(5, await Sql.ScalarAsync<int>(connectionString, "SELECT occurrences FROM operator_alerts WHERE kind = 'CostSpike'"));
        await page.GoToAsync(baseUrl + "/admin");
        var alertRows = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('#alerts tbody tr')].map(tr => tr.textContent)");
        Assert.Contains(alertRows, r => r.Contains("CostSpike", StringComparison.Ordinal) && r.Contains($"UserId={user}", StringComparison.Ordinal));
        Assert.Contains(alertRows, r => r.Contains("ApiKeyDisabled", StringComparison.Ordinal) && r.Contains($"KeyId={keyId}", StringComparison.Ordinal));
    }

    /// <summary>One user who got free credits and bought some, four calls on one OpenRouter key (three of them after errors).</summary>
    private static async Task<(long User, long KeyId)> SeedAsync(IGrainFactory grains)
    {
        var user = TestUsers.NewId();
        var ledger = grains.GetGrain<ICreditLedgerGrain>(user);
        await grains.GetGrain<DevBot.GrainInterfaces.Users.IUserGrain>(user).UpdateProfileAsync(new DevBot.GrainInterfaces.Users.UserProfile("erin", null, null, null));
        await ledger.GrantAsync(new CreditGrant("initial", 10m, GrantKind.Initial, null));
        await ledger.PurchaseAsync(new CreditPurchase("charge-" + user, 500m, 390m, "XTR", null));
        var pool = grains.GetGrain<IApiKeyPoolGrain>("openrouter");
        var key = await pool.AddAsync(new ApiKeySecret("sk-or-v1-" + Guid.NewGuid().ToString("N")), "main", null);
        for (var i = 0; i < 4; i++)
        {
            await pool.LeaseAsync();
            if (i > 0)
            {
                await pool.ReportAsync(key.KeyId, KeyOutcome.RateLimited, TimeSpan.FromMilliseconds(1));
                await Task.Delay(5);
            }

            var call = $"page-{user}-{i}";
            await ledger.ReserveAsync(new ReserveRequest(call, 20m, "openrouter", "openai/gpt-4.1-mini", null));
            await ledger.SettleAsync(new SettleRequest(call, new ModelUsage("openrouter", "openai/gpt-4.1-mini", "implement_todo", 100_000 + i * 1000, 10_000, 0, 100, key.KeyId, null, null)));
        }

        return (user, key.KeyId);
    }

    private static string Money(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero).ToString("#,##0.00", CultureInfo.InvariantCulture);

    private static async Task<HttpResponseMessage> GetWithCookieAsync(HttpClient http, string path, string session)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", $"devbot_operator={session}");
        return await http.SendAsync(request);
    }

    /// <summary>Posts a sign-in token as the page's button does; the session cookie's value, or null when refused.</summary>
    private static async Task<string?> RedeemAsync(HttpClient http, string token)
    {
        using var response = await http.PostAsync("/admin/signin", new FormUrlEncodedContent([new("token", token)]));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            return null;
        }

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("devbot_operator=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        return cookie["devbot_operator=".Length..cookie.IndexOf(';', StringComparison.Ordinal)];
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:[0-9]+/admin/signin\?token=[A-Za-z0-9_\-]+")]
    private static partial Regex SignInLink();
}
