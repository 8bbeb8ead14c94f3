using System.CommandLine;
using DevBot.GrainInterfaces.Keys;
using DevBot.GrainInterfaces.Reports;

namespace DevBot.AdminConsole;

/// <summary><c>keys add|list|disable|rotate</c>: secrets come from standard input or a file, and are only ever shown masked.</summary>
public static class KeyCommands
{
    private static readonly string[] Providers = ["google", "openrouter"];

    public static Command Keys(AdminContext context, TimeProvider time)
    {
        var keys = new Command("keys", "API-key pools per provider.");

        var provider = ProviderArgument();
        var label = new Option<string?>("--label") { Description = "A name for the key." };
        var expires = new Option<DateTimeOffset?>("--expires") { Description = "When the key stops being used (ISO date)." };
        var secretFile = new Option<FileInfo?>("--secret-file") { Description = "Read the key from this file instead of standard input." };
        var add = new Command("add", "Add a key (read from standard input, or --secret-file).") { provider, label, expires, secretFile };
        context.Action(add, async (parse, grains, cancellationToken) =>
        {
            var secret = await context.ReadSecretAsync(parse.GetValue(secretFile), cancellationToken);
            var info = await grains.GetGrain<IApiKeyPoolGrain>(parse.GetValue(provider)!).AddAsync(new ApiKeySecret(secret), parse.GetValue(label), parse.GetValue(expires));
            if (!info.AlreadyKnown)
            {
                await context.RecordAsync(grains, parse, "keys add", $"{info.Provider} #{info.KeyId}", info.Masked);
            }

            context.Show(parse, info, i => context.Output.Line(i.AlreadyKnown
                ? $"that key is already in the {i.Provider} pool as #{i.KeyId} {i.Masked} ({i.Status}, added {AdminOutput.When(i.CreatedAt)}); nothing was added"
                : $"added key #{i.KeyId} {i.Masked} to {i.Provider}"));
        });

        var listProvider = new Argument<string?>("provider") { Description = "google or openrouter (default: both).", Arity = ArgumentArity.ZeroOrOne };
        var since = ReportCommands.DateOption("--since", "Spend since (default 30 days ago): " + RelativeTime.Forms + ".", time);
        var list = new Command("list", "Keys, masked, with their state, calls, errors (the last one and when) and spend.") { listProvider, since };
        context.Action(list, async (parse, grains, _) =>
        {
            var rows = new List<ApiKeyInfo>();
            foreach (var name in parse.GetValue(listProvider) is { } one ? [Validate(one)] : Providers)
            {
                rows.AddRange(await grains.GetGrain<IApiKeyPoolGrain>(name).ListAsync());
            }

            var now = time.GetUtcNow();
            var period = new ReportPeriod(parse.GetValue(since) ?? now.AddDays(-30), now.AddMinutes(1));
            var spend = (await grains.GetGrain<IReportGrain>(0).GetSpendAsync(period, ReportGrouping.Key)).Rows.ToDictionary(r => r.Key, StringComparer.Ordinal);
            decimal Spend(ApiKeyInfo k) => spend.TryGetValue($"{k.Provider} #{k.KeyId}", out var row) ? row.CostUsd : 0m;
            context.Show(parse, rows.Select(k => new { key = k, spendUsd = Spend(k) }).ToList(), _ => context.Output.Table(
                ["id", "provider", "key", "label", "status", "calls", "errors", "last error", "spend $", "cooling until", "expires", "last used"],
                rows.Select(k => new[]
                {
                    AdminOutput.Number(k.KeyId), k.Provider, k.Masked, k.Label, k.Status + (k.StatusReason is { } why ? $" ({why})" : string.Empty),
                    AdminOutput.Number(k.UsageCount), AdminOutput.Number(k.ErrorCount),
                    k.LastError is null ? null : $"{k.LastError}, {AdminOutput.Ago(k.LastErrorAt, now)}", AdminOutput.Money(Spend(k)),
                    AdminOutput.When(k.CooldownUntil), AdminOutput.When(k.ExpiresAt), AdminOutput.Ago(k.LastUsedAt, now),
                }),
                title: $"API keys; spend {AdminOutput.Period(period)}"));
        });

        var disableProvider = ProviderArgument();
        var disableId = new Argument<long>("key-id");
        var reason = new Option<string>("--reason") { Description = "Why.", DefaultValueFactory = _ => "disabled by an operator" };
        var disable = new Command("disable", "Stop using a key.") { disableProvider, disableId, reason };
        context.Action(disable, async (parse, grains, cancellationToken) =>
        {
            await context.ConfirmAsync(parse, $"Disable key #{parse.GetValue(disableId)} of {parse.GetValue(disableProvider)}? Requests stop using it at once.", cancellationToken);
            var done = await grains.GetGrain<IApiKeyPoolGrain>(parse.GetValue(disableProvider)!).DisableAsync(parse.GetValue(disableId), $"{parse.GetValue(reason)} (by {context.OperatorName(parse)})");
            if (!done)
            {
                throw new AdminFailure($"no key #{parse.GetValue(disableId)} in {parse.GetValue(disableProvider)}");
            }

            await context.RecordAsync(grains, parse, "keys disable", $"{parse.GetValue(disableProvider)} #{parse.GetValue(disableId)}", parse.GetValue(reason));
            context.Show(parse, new { disabled = parse.GetValue(disableId) }, _ => context.Output.Line($"disabled key #{parse.GetValue(disableId)}"));
        });

        var rotateProvider = ProviderArgument();
        var rotateId = new Argument<long>("key-id");
        var rotateFile = new Option<FileInfo?>("--secret-file") { Description = "Read the new key from this file instead of standard input." };
        var rotate = new Command("rotate", "Replace a key with a new one (read from standard input, or --secret-file).") { rotateProvider, rotateId, rotateFile };
        context.Action(rotate, async (parse, grains, cancellationToken) =>
        {
            var secret = await context.ReadSecretAsync(parse.GetValue(rotateFile), cancellationToken);
            var info = await grains.GetGrain<IApiKeyPoolGrain>(parse.GetValue(rotateProvider)!).RotateAsync(parse.GetValue(rotateId), new ApiKeySecret(secret));
            context.Show(parse, info, i => context.Output.Line($"key #{parse.GetValue(rotateId)} retired; new key #{i.KeyId} {i.Masked}"));
        });

        keys.Subcommands.Add(add);
        keys.Subcommands.Add(list);
        keys.Subcommands.Add(disable);
        keys.Subcommands.Add(rotate);
        return keys;
    }

    private static Argument<string> ProviderArgument()
    {
        var provider = new Argument<string>("provider") { Description = "google or openrouter." };
        provider.Validators.Add(result =>
        {
            if (!Providers.Contains(result.GetValueOrDefault<string>()))
            {
                result.AddError($"provider must be one of: {string.Join(", ", Providers)}");
            }
        });
        return provider;
    }

    private static string Validate(string provider) =>
        Providers.Contains(provider) ? provider : throw new AdminFailure($"provider must be one of: {string.Join(", ", Providers)}");
}
