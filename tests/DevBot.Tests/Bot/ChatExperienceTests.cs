using System.Text.Json;
using DevBot.GrainInterfaces.Credits;
using DevBot.GrainInterfaces.Projects;
using DevBot.GrainInterfaces.Users;
using DevBot.Tests.Infrastructure;
using DevBot.Tests.Pipeline;

namespace DevBot.Tests.Bot;

/// <summary>
/// What the user sees, through the real Telegram.Bot client and a fake Bot API server on the scripted models: being
/// told when the model provider is down, "typing…" while steps run, keyboards edited after a press, costs in Stars,
/// Cancel under the estimate asking first, /credits per project, /paysupport and /terms, and the command menus.
/// </summary>
public sealed class ChatExperienceTests
{
    [Fact]
    public async Task ProviderDown_TheUserIsToldWithinOneFailedStep_OnceOnly_AndTheFailureIsInPlainWords()
    {
        await using var pipeline = await PipelineCluster.StartAsync("chatdown", extraSettings: new Dictionary<string, string>
        {
            ["Projects:MaxUnavailableSteps"] = "3",
            ["Models:MaxAttempts"] = "2",
        });
        await using var api = await FakeBotApi.StartAsync();
        await using var bot = await BotHarness.StartAsync(pipeline.Cluster.Client, BotHarness.TelegramSettings(api));
        var user = TestUsers.NewId();
        api.SendText(user, "/start");
        await api.WaitForAsync(c => c.ChatId == user && c.Text.Contains("free credits", StringComparison.Ordinal), "welcomed the user");
        pipeline.Models.Faults.ServerErrorRate = 1.0;

        api.SendText(user, "I want a small tool to keep short notes from the command line.");
        var projectId = await Eventually.ReturnsAsync(async () => (await pipeline.Grains.GetGrain<IUserGrain>(user).GetSummaryAsync()).ActiveProjectId,
            id => id is not null, TimeSpan.FromSeconds(30), "the project to be created");
        var notice = await api.WaitForAsync(c => c.ChatId == user && c.Text.Contains("not answering right now", StringComparison.Ordinal), "said the provider is down");
        // Told after the first failed step, while the project still retries.
        var status = await pipeline.Grains.GetGrain<IProjectGrain>(projectId!.Value).GetStatusAsync();
        Assert.False(status.State.IsTerminal(), $"told only at the end: {status.State}");
        Assert.Contains("Failed tries cost nothing", notice.Text, StringComparison.Ordinal);

        var failed = await api.WaitForAsync(c => c.ChatId == user && c.Text.Contains("The project stopped", StringComparison.Ordinal), "said the project stopped", TimeSpan.FromSeconds(120));
        Assert.Single(api.To(user), c => c.Text.Contains("not answering right now", StringComparison.Ordinal));
        Assert.Contains("did not answer after several tries", failed.Text, StringComparison.Ordinal);
        Assert.Contains("nothing more will be charged", failed.Text, StringComparison.Ordinal);
        foreach (var text in api.To(user).Select(c => c.Text))
        {
            // No model ids, provider errors or HTTP codes reach the user.
            Assert.DoesNotContain("scripted", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("HTTP", text, StringComparison.Ordinal);
            Assert.DoesNotContain("ServerError", text, StringComparison.Ordinal);
        }

        // Operators still have the detail: it stays with the event.
        var events = await pipeline.Grains.GetGrain<IProjectGrain>(projectId.Value).GetEventsAsync(0, 100);
        Assert.NotEmpty(Assert.IsType<ProjectFailed>(events[^1].News).Detail);
    }

    [Fact]
    public async Task UpToTheEstimate_TypingIsShown_KeyboardsAreEdited_CostsAreInStars_AndCancelAsksFirst()
    {
        await using var bed = await BotTestBed.StartAsync("chatux");
        var (pipeline, api) = (bed.Pipeline, bed.Api);
        // Steps that take as long as a model's answer does (about a second here, at least four typing periods): the
        // scripted model otherwise answers within one period, and "typing…" would show only by chance.
        pipeline.Models.Latency = new DevBot.ScriptedModels.ScriptedLatency(1.0,
            architect: (TimeSpan.FromSeconds(1.2), TimeSpan.FromSeconds(1.5)), implementer: (TimeSpan.FromSeconds(1.2), TimeSpan.FromSeconds(1.5)));
        var user = TestUsers.NewId();
        api.SendText(user, "/start");
        await api.WaitForAsync(c => c.ChatId == user && c.Text.Contains("free credits", StringComparison.Ordinal), "welcomed the user");
        api.SendText(user, "I want a small tool to keep short notes from the command line.");
        var questions = await api.WaitForAsync(c => c.ChatId == user && c.Text.Contains("before planning", StringComparison.Ordinal), "asked questions");

        // Options without "1: " prefixes.
        Assert.DoesNotContain("1: ", questions.ReplyMarkup, StringComparison.Ordinal);

        api.Press(user, questions.Button("Command line"), questions.MessageId);
        var marked = await api.WaitForAsync(c => c.Method == "editmessagereplymarkup" && c.ChatId == user, "marked the picked option");
        Assert.Equal(questions.MessageId.ToString(System.Globalization.CultureInfo.InvariantCulture), marked.Fields["message_id"]);
        Assert.Contains("✓ Command line", Labels(marked), StringComparer.Ordinal);

        api.SendText(user, "Yes, search and delete. A local JSON file.");
        var scope = await api.WaitForAsync(c => c.ChatId == user && c.Text.Contains("Proposed scope", StringComparison.Ordinal), "proposed a scope");
        // The questions were answered in words: their buttons went when the project moved on.
        await api.WaitForAsync(c => c.Method == "editmessagereplymarkup" && c.Fields["message_id"] == Id(questions) && Labels(c).Count == 0, "removed the answered question's buttons");
        // The scope is the Architect's Markdown, rendered.
        Assert.DoesNotContain("**", scope.Text, StringComparison.Ordinal);

        api.Press(user, scope.Button("Confirm scope"), scope.MessageId);
        await api.WaitForAsync(c => c.Method == "editmessagereplymarkup" && c.Fields["message_id"] == Id(scope) && Labels(c).Count == 0, "removed the scope's buttons after the press");
        var estimate = await api.WaitForAsync(c => c.ChatId == user && c.Text.Contains("Estimated cost", StringComparison.Ordinal), "showed the estimate");
        Assert.Matches(@"Estimated cost: \d+\.\d\d credits \(≈ \d+ ⭐\)", estimate.Text);
        Assert.Contains("This is an estimate", estimate.Text, StringComparison.Ordinal);
        // "typing…" while the Architect worked (renewed within Telegram's five seconds while a step runs).
        Assert.Contains(api.To(user), c => c.Method == "sendchataction" && c.Fields.GetValueOrDefault("action") == "typing");

        // Cancel under the estimate asks, like /cancel; "No" leaves the project waiting.
        api.Press(user, estimate.Button("Cancel"), estimate.MessageId);
        var ask = await api.WaitForAsync(c => c.ChatId == user && c.Text.StartsWith("Stop ", StringComparison.Ordinal), "asked before cancelling");
        var projectId = (await pipeline.Grains.GetGrain<IUserGrain>(user).GetSummaryAsync()).ActiveProjectId!.Value;
        Assert.Equal(ProjectState.AwaitingStart, (await pipeline.Grains.GetGrain<IProjectGrain>(projectId).GetStatusAsync()).State);
        api.Press(user, ask.Button("No, carry on"), ask.MessageId);
        await api.WaitForAsync(c => c.Method == "answercallbackquery" && c.Fields.GetValueOrDefault("text") == "Carrying on.", "kept the project");
        Assert.Equal(ProjectState.AwaitingStart, (await pipeline.Grains.GetGrain<IProjectGrain>(projectId).GetStatusAsync()).State);

        // /credits: the welcome grant and the project as one line each, not a line per model request.
        api.SendText(user, "/credits");
        var credits = await api.WaitForAsync(c => c.ChatId == user && c.Text.StartsWith("Credits available", StringComparison.Ordinal), "showed the credits");
        Assert.Contains("project <b>", credits.Text, StringComparison.Ordinal);
        Assert.Contains("model request(s)", credits.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("scripted-architect", credits.Text, StringComparison.Ordinal);
        Assert.Contains("⭐", credits.Text, StringComparison.Ordinal);

        // Then the user does cancel: the confirmation stops the project.
        api.Press(user, estimate.Button("Cancel"), estimate.MessageId);
        var again = await api.WaitForAsync(c => c.ChatId == user && c.Text.StartsWith("Stop ", StringComparison.Ordinal) && c != ask, "asked again");
        api.Press(user, again.Button("Yes, stop it"), again.MessageId);
        await pipeline.WaitForAsync(projectId, s => s.State == ProjectState.Cancelled);
    }

    [Fact]
    public async Task PlanChange_TheArchitectRevisesDocsAndTodoInANewCommit_ShowsWhatChangedAndANewEstimate_ThenDelivers()
    {
        await using var bed = await BotTestBed.StartAsync("chatreplan");
        var (pipeline, api) = (bed.Pipeline, bed.Api);
        var user = TestUsers.NewId();
        var estimate = await BotJourneyTests.ReachEstimateAsync(api, user);
        var projectId = (await pipeline.Grains.GetGrain<IUserGrain>(user).GetSummaryAsync()).ActiveProjectId!.Value;
        var before = await pipeline.Grains.GetGrain<IProjectGrain>(projectId).GetStatusAsync();

        api.Press(user, estimate.Button("Change the plan"), estimate.MessageId);
        await api.WaitForAsync(c => c.ChatId == user && c.Text.Contains("what to change in the plan", StringComparison.Ordinal), "asked what to change");
        api.SendText(user, "Please also keep a history of deleted notes.");
        var revised = await api.WaitForAsync(c => c.ChatId == user && (c.Text.Contains("The plan was revised", StringComparison.Ordinal) || c.Text.Contains("is paused", StringComparison.Ordinal)),
            "showed the revised plan");
        var events = await pipeline.Grains.GetGrain<IProjectGrain>(projectId).GetEventsAsync(0, 100);
        Assert.False(events[^1].News is ProjectPaused, events[^1].News.ToString());

        var after = await pipeline.Grains.GetGrain<IProjectGrain>(projectId).GetStatusAsync();
        Assert.Equal(ProjectState.AwaitingStart, after.State);
        Assert.Equal(before.TodoTotal + 1, after.TodoTotal);
        Assert.True(after.EstimateCredits > before.EstimateCredits, $"{after.EstimateCredits} after {before.EstimateCredits}");
        Assert.Contains("revision 1 of 3", revised.Text, StringComparison.Ordinal);
        Assert.Contains("Record the requested change", revised.Text, StringComparison.Ordinal);
        Assert.Contains("Files changed: TODO.md, docs/changes.md", revised.Text, StringComparison.Ordinal);
        Assert.Contains($"New estimated cost: {DevBot.GrainInterfaces.Credits.CreditMath.Display(after.EstimateCredits)} credits (≈ ", revised.Text, StringComparison.Ordinal);
        Assert.Contains($"(before: {DevBot.GrainInterfaces.Credits.CreditMath.Display(before.EstimateCredits)} credits)", revised.Text, StringComparison.Ordinal);
        // The old estimate's buttons went when the revised plan came with its own.
        await api.WaitForAsync(c => c.Method == "editmessagereplymarkup" && c.Fields["message_id"] == Id(estimate) && Labels(c).Count == 0, "removed the old estimate's buttons");

        api.Press(user, revised.Button("Start development"), revised.MessageId);
        var zip = await api.WaitForAsync(c => c.ChatId == user && c.Method == "senddocument", "delivered the revised project", TimeSpan.FromSeconds(180));

        // The revision is a commit of its own in the delivered history, between the plan and the first item.
        var scratch = Path.Combine(Path.GetTempPath(), "devbot-replan-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            using (var archive = new System.IO.Compression.ZipArchive(new MemoryStream(zip.File!)))
            {
                Assert.NotNull(archive.GetEntry("notes-cli/docs/changes.md"));
                Directory.CreateDirectory(scratch);
                System.IO.Compression.ZipFileExtensions.ExtractToFile(archive.GetEntry("notes-cli.bundle")!, Path.Combine(scratch, "p.bundle"));
            }

            var log = await Git(scratch, "clone", "-q", "p.bundle", "repo") + await Git(Path.Combine(scratch, "repo"), "log", "--format=%s", "--reverse");
            var subjects = log.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
            var plan = subjects.FindIndex(s => s.StartsWith("Plan:", StringComparison.Ordinal));
            var revision = subjects.FindIndex(s => s.StartsWith("Plan revised at the user's request, round 1", StringComparison.Ordinal));
            Assert.True(plan >= 0 && revision == plan + 1, log);
        }
        finally
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Referral_FromADeepLink_BothGetTheBonusOnTheFirstPurchase_Once_AndNeverForSelfInvitesOrLoops()
    {
        await using var bed = await BotTestBed.StartAsync("chatreferral");
        var (pipeline, api) = (bed.Pipeline, bed.Api);
        var inviter = TestUsers.NewId();
        var invitee = TestUsers.NewId();
        api.SendText(inviter, "/start");
        await api.WaitForAsync(c => c.ChatId == inviter && c.Text.Contains("free credits", StringComparison.Ordinal), "welcomed the inviter");
        api.SendText(inviter, "/invite");
        var invite = await api.WaitForAsync(c => c.ChatId == inviter && c.Text.Contains("t.me/", StringComparison.Ordinal), "showed the invitation link");
        var payload = System.Text.RegularExpressions.Regex.Match(invite.Text, @"https://t\.me/devbot_test_bot\?start=(ref_[a-z0-9]+)").Groups[1].Value;
        Assert.NotEmpty(payload);

        // Inviting oneself records nothing.
        api.SendText(inviter, "/start " + payload);
        await api.WaitForAsync(c => c.ChatId == inviter && c.Text.StartsWith("Welcome back", StringComparison.Ordinal), "welcomed the inviter back");
        api.SendText(invitee, "/start " + payload);
        var welcome = await api.WaitForAsync(c => c.ChatId == invitee && c.Text.Contains("free credits", StringComparison.Ordinal), "welcomed the invitee");
        Assert.Contains("friend's invitation", welcome.Text, StringComparison.Ordinal);
        // A loop: the inviter, who invited someone, cannot become the invitee's invitee.
        api.SendText(invitee, "/invite");
        var back = await api.WaitForAsync(c => c.ChatId == invitee && c.Text.Contains("t.me/", StringComparison.Ordinal), "showed the invitee's link");
        api.SendText(inviter, "/start " + System.Text.RegularExpressions.Regex.Match(back.Text, @"start=(ref_[a-z0-9]+)").Groups[1].Value);
        await api.WaitForAsync(c => c.ChatId == inviter && c.Text.StartsWith("Welcome back", StringComparison.Ordinal) && c != api.To(inviter).First(x => x.Text.StartsWith("Welcome back", StringComparison.Ordinal)),
            "welcomed the inviter back again");
        Assert.Equal(1L, await Sql.ScalarAsync<long>(pipeline.ConnectionString, "SELECT count(*) FROM referrals WHERE inviter_id = @a OR invitee_id = @a", ("a", inviter)));

        var balances = await Task.WhenAll(new[] { inviter, invitee }.Select(u => pipeline.Grains.GetGrain<ICreditLedgerGrain>(u).GetBalanceAsync()));
        api.SendText(invitee, "/credits");
        var offers = await api.WaitForAsync(c => c.ChatId == invitee && c.Text.Contains("Buy credits", StringComparison.Ordinal), "offered credits");
        api.Press(invitee, offers.Button("100 credits"));
        var invoice = await api.WaitForAsync(c => c.ChatId == invitee && c.Method == "sendinvoice", "sent an invoice");
        api.Pay(invitee, invoice.Fields["payload"], 80, "tg-charge-" + Guid.NewGuid().ToString("N"));
        var thanks = await api.WaitForAsync(c => c.ChatId == invitee && c.Text.Contains("100 credits added", StringComparison.Ordinal), "credited the purchase");
        Assert.Contains("50.00 bonus credits", thanks.Text, StringComparison.Ordinal);
        await api.WaitForAsync(c => c.ChatId == inviter && c.Text.Contains("you received 50.00 bonus credits", StringComparison.Ordinal), "told the inviter");
        // A second purchase brings no second bonus.
        var again = api.Pay(invitee, invoice.Fields["payload"], 80, "tg-charge-" + Guid.NewGuid().ToString("N"));
        await api.WaitConsumedAsync(again);

        var after = await Task.WhenAll(new[] { inviter, invitee }.Select(u => pipeline.Grains.GetGrain<ICreditLedgerGrain>(u).GetBalanceAsync()));
        Assert.Equal(balances[0].Balance + 50m, after[0].Balance);
        Assert.Equal(balances[1].Balance + 200m + 50m, after[1].Balance);
        Assert.Equal(2L, await Sql.ScalarAsync<long>(pipeline.ConnectionString,
            "SELECT count(*) FROM credit_transactions WHERE idempotency_key LIKE @k", ("k", $"referral:{invitee}:%")));
        Assert.Single(api.To(inviter), c => c.Text.Contains("bonus credits. Thank you", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RussianSpeaker_GetsTheBotInRussian_AndTheArchitectIsAskedToTalkRussianWithEnglishDocs_ThroughDeliveryCommandsAndPayment()
    {
        await using var bed = await BotTestBed.StartAsync("chatrussian");
        var (pipeline, api) = (bed.Pipeline, bed.Api);
        var prompts = new System.Collections.Concurrent.ConcurrentQueue<string>();
        pipeline.Scenario.OnRequest = request => prompts.Enqueue(request.AllText);
        var user = TestUsers.NewId();

        api.SendText(user, "/start", "ru-RU");
        var welcome = await api.WaitForAsync(c => c.ChatId == user && c.Method == "sendmessage", "welcomed the user");
        Assert.StartsWith("Добро пожаловать в DevBot!", welcome.Text, StringComparison.Ordinal);
        Assert.Contains("бесплатных кредитов", welcome.Text, StringComparison.Ordinal);
        api.SendText(user, "Хочу маленькую программу для заметок в командной строке.", "ru");
        var questions = await api.WaitForAsync(c => c.ChatId == user && c.Text.StartsWith("Несколько вопросов", StringComparison.Ordinal), "asked questions in Russian");
        Assert.Contains("Отправить ответы", Labels(questions));
        Assert.Contains(prompts, p => p.Contains("[devbot:task=architect.questions]", StringComparison.Ordinal)
                                      && p.Contains("The user speaks Russian", StringComparison.Ordinal) && p.Contains("documents and code will still be written in English", StringComparison.Ordinal));

        api.SendText(user, "Да, поиск и удаление. Локальный JSON-файл.", "ru");
        var scope = await api.WaitForAsync(c => c.ChatId == user && c.Text.StartsWith("Предлагаемый объём работ", StringComparison.Ordinal), "proposed the scope in Russian");
        api.Press(user, scope.Button("Подтвердить"), scope.MessageId, "ru");
        var estimate = await api.WaitForAsync(c => c.ChatId == user && c.Text.StartsWith("План готов", StringComparison.Ordinal), "showed the estimate in Russian");
        Assert.Matches(@"Оценка стоимости: \d+\.\d\d кр\. \(≈ \d+ ⭐\)", estimate.Text);
        Assert.Contains("Начать разработку", Labels(estimate));
        Assert.Contains("Изменить план", Labels(estimate));

        // What the relay pushes later (progress edited in place, the delivery, the file, the rating) is in the language
        // the user's profile keeps, not only the replies to the user's own updates.
        api.Press(user, estimate.Button("Начать разработку"), estimate.MessageId, "ru");
        var ready = await api.WaitForAsync(c => c.ChatId == user && c.Method == "sendmessage" && c.Text.Contains("Ваш проект готов", StringComparison.Ordinal),
            "delivered the project in Russian", TimeSpan.FromSeconds(120));
        Assert.Matches(@"Итоговая стоимость: \d+\.\d\d кр\. \(≈ \d+ ⭐\)\. Ваш баланс теперь \d+\.\d\d кр\.", ready.Text);
        Assert.Contains("Что дальше: /history", ready.Text, StringComparison.Ordinal);
        await api.WaitForAsync(c => c.ChatId == user && c.Method == "senddocument", "sent the package");
        var rate = await api.WaitForAsync(c => c.ChatId == user && c.Text.StartsWith("Как получился проект", StringComparison.Ordinal), "asked for a rating in Russian");
        Assert.Contains(api.To(user), c => c.Text.Contains("Разработка началась. Оценка стоимости:", StringComparison.Ordinal));
        Assert.Contains(api.To(user), c => c.Method == "editmessagetext" && c.Text.Contains("Израсходовано кредитов:", StringComparison.Ordinal));
        api.Press(user, rate.Button("5 ★"), rate.MessageId, "ru");
        await api.WaitForAsync(c => c.Method == "answercallbackquery" && c.Fields.GetValueOrDefault("text") == "Спасибо! Ваша оценка: 5/5.", "took the rating in Russian");

        api.SendText(user, "/status", "ru");
        var status = await api.WaitForAsync(c => c.ChatId == user && c.Text.Contains("Состояние: готов", StringComparison.Ordinal), "answered /status in Russian");
        Assert.Matches(@"Израсходовано: \d+\.\d\d кр\. \(≈ \d+ ⭐\) \(оценка \d+\.\d\d кр\. \(≈ \d+ ⭐\), предел \d+\.\d\d кр\.\)\nДоступно: ", status.Text);
        api.SendText(user, "/credits", "ru");
        var credits = await api.WaitForAsync(c => c.ChatId == user && c.Text.Contains("Купить кредиты за Telegram Stars:", StringComparison.Ordinal), "answered /credits in Russian");
        Assert.Contains("Последние операции:", credits.Text, StringComparison.Ordinal);
        Assert.Contains("приветственные кредиты", credits.Text, StringComparison.Ordinal);
        Assert.Matches(@"−\d+\.\d\d проект <b>[^<]+</b> \(готов, запросов к моделям: \d+\)", credits.Text);
        Assert.Contains("100 кр. — 80 ⭐", Labels(credits));
        api.SendText(user, "/history", "ru");
        var history = await api.WaitForAsync(c => c.ChatId == user && c.Text.StartsWith("Ваши проекты:", StringComparison.Ordinal), "answered /history in Russian");
        Assert.Matches(@"— готов, \d+\.\d\d кр\.", history.Text);
        api.SendText(user, "/help", "ru");
        await api.WaitForAsync(c => c.ChatId == user && c.Text.StartsWith("Я превращаю вашу идею в работающий программный проект", StringComparison.Ordinal), "answered /help in Russian");

        // Buying: the invoice, a refused pre-checkout (Telegram shows its reason to the buyer) and the thanks.
        api.Press(user, credits.Button("100 кр."), credits.MessageId, "ru");
        var invoice = await api.WaitForAsync(c => c.ChatId == user && c.Method == "sendinvoice", "sent an invoice");
        Assert.Equal("100 кр.", invoice.Fields["title"]);
        Assert.Equal("Кредиты DevBot для создания программных проектов: 100.", invoice.Fields["description"]);
        api.PreCheckout(user, invoice.Fields["payload"], 79, queryId: "ru-wrong-amount", language: "ru");
        var refused = await api.WaitForAsync(c => c.Method == "answerprecheckoutquery" && c.Fields["pre_checkout_query_id"] == "ru-wrong-amount", "refused the pre-checkout");
        Assert.Equal("Сумма не совпадает с предложением.", refused.Fields["error_message"]);
        api.Pay(user, invoice.Fields["payload"], 80, "tg-charge-" + Guid.NewGuid().ToString("N"), "ru");
        await api.WaitForAsync(c => c.ChatId == user && c.Text.StartsWith("Спасибо! Начислено: 100 кр. Доступно кредитов: <b>", StringComparison.Ordinal), "thanked in Russian");

        // Nothing the bot itself words reached this user in English (the Architect's questions and scope are the
        // scripted model's own text, so only the bot's phrases are looked for).
        string[] english = ["Credits used", "Credits available", "TODO items", "Estimated cost", "Development started", "Done: ", "Your project", "Final cost",
            "What next", "Packaging your project", "How did", "Buy credits", "Recent:", "State:", "is paused", "Thank you", "DevBot credits for"];
        foreach (var call in api.To(user).Where(c => c.Method is "sendmessage" or "editmessagetext" or "senddocument" or "sendinvoice"))
        {
            foreach (var phrase in english)
            {
                Assert.False(call.Text.Contains(phrase, StringComparison.Ordinal) || call.Fields.GetValueOrDefault("description", string.Empty).Contains(phrase, StringComparison.Ordinal),
                    $"English \"{phrase}\" in {call}");
            }
        }
    }

    [Fact]
    public async Task PaySupportTermsAndMenus_ComeFromConfiguration_AndOperatorsHaveTheirOwnMenu()
    {
        await using var bed = await BotTestBed.StartAsync("chatsupport");
        var api = bed.Api;
        var user = TestUsers.NewId();

        api.SendText(user, "/paysupport");
        var support = await api.WaitForAsync(c => c.ChatId == user && c.Method == "sendmessage", "answered /paysupport");
        Assert.Contains("Questions about a payment", support.Text, StringComparison.Ordinal);
        api.SendText(user, "/paysupport I paid 80 stars & got <nothing>");
        var passed = await api.WaitForAsync(c => c.ChatId == BotHarness.Operator && c.Text.Contains("Payment support request", StringComparison.Ordinal), "passed the question to the operator");
        Assert.Contains("I paid 80 stars &amp; got &lt;nothing&gt;", passed.Text, StringComparison.Ordinal);
        await api.WaitForAsync(c => c.ChatId == user && c.Text.Contains("went to DevBot's operators", StringComparison.Ordinal), "told the user it went");
        api.SendText(user, "/terms");
        await api.WaitForAsync(c => c.ChatId == user && c.Text.StartsWith("Terms of service", StringComparison.Ordinal), "answered /terms");

        // Menus: English by default, Russian for Russian-speaking users, and the operator's chat with /admin.
        var menus = api.Calls.Where(c => c.Method == "setmycommands").ToList();
        var standard = Assert.Single(menus, c => !c.Fields.ContainsKey("scope") && !c.Fields.ContainsKey("language_code"));
        Assert.Contains("paysupport", Commands(standard));
        Assert.DoesNotContain("admin", Commands(standard));
        var russian = Assert.Single(menus, c => c.Fields.GetValueOrDefault("language_code") == "ru");
        Assert.Contains("Помощь с оплатой или возвратом", Descriptions(russian));
        var operators = Assert.Single(menus, c => c.Fields.ContainsKey("scope"));
        Assert.Contains("\"chat_id\":" + BotHarness.Operator, operators.Fields["scope"].Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("admin", Commands(operators));
        Assert.Contains("keys", Commands(operators));
    }

    private static async Task<string> Git(string directory, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var git = System.Diagnostics.Process.Start(start)!;
        var output = await git.StandardOutput.ReadToEndAsync();
        await git.WaitForExitAsync();
        Assert.True(git.ExitCode == 0, await git.StandardError.ReadToEndAsync());
        return output;
    }

    private static string Id(BotCall call) => call.MessageId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static List<string> Labels(BotCall call)
    {
        if (call.ReplyMarkup.Length == 0)
        {
            return [];
        }

        using var markup = JsonDocument.Parse(call.ReplyMarkup);
        return markup.RootElement.TryGetProperty("inline_keyboard", out var rows)
            ? rows.EnumerateArray().SelectMany(r => r.EnumerateArray()).Select(b => b.GetProperty("text").GetString()!).ToList()
            : [];
    }

    private static List<string> Descriptions(BotCall call)
    {
        using var commands = JsonDocument.Parse(call.Fields["commands"]);
        return commands.RootElement.EnumerateArray().Select(c => c.GetProperty("description").GetString()!).ToList();
    }

    private static List<string> Commands(BotCall call)
    {
        using var commands = JsonDocument.Parse(call.Fields["commands"]);
        return commands.RootElement.EnumerateArray().Select(c => c.GetProperty("command").GetString()!).ToList();
    }
}
