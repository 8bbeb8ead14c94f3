using System.CommandLine;

namespace DevBot.AdminConsole;

/// <summary>
/// The command tree. Parsing comes first: help and usage errors (exit 2) need no cluster; a command connects on
/// first use, exits 0 when it did what was asked and 1 with one clear line when it did not.
/// </summary>
public static class AdminCommands
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadUsage = 2;

    public static RootCommand Build(AdminContext context, Func<HttpClient> http, TimeProvider time)
    {
        var root = new RootCommand("DevBot's operator console: users, credits, API keys, prices, projects and reports, through the cluster's grains.");
        root.Options.Add(context.Json);
        root.Subcommands.Add(UserCommands.Users(context));
        root.Subcommands.Add(UserCommands.Credits(context));
        root.Subcommands.Add(KeyCommands.Keys(context));
        root.Subcommands.Add(PricingCommands.Pricing(context, http));
        root.Subcommands.Add(ProjectCommands.Projects(context));
        root.Subcommands.Add(ReportCommands.Report(context, time));
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; the cluster is connected only when a command needs it.</summary>
    public static async Task<int> RunAsync(string[] args, Func<CancellationToken, Task<IGrainFactory>> connect, TextReader input, TextWriter output, TextWriter error,
        Func<HttpClient>? http = null, TimeProvider? time = null, bool interactive = false, CancellationToken cancellationToken = default)
    {
        var context = new AdminContext(connect, new AdminOutput(output, error), input, interactive);
        var root = Build(context, http ?? (() => new HttpClient { Timeout = TimeSpan.FromSeconds(30) }), time ?? TimeProvider.System);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            await error.WriteLineAsync($"devbot-admin: {parse.Errors[0].Message} (devbot-admin --help lists the commands)");
            return BadUsage;
        }

        // A group without its sub-command (e.g. "devbot-admin keys") shows its help, as a usage error.
        if (parse.Action is null)
        {
            await parse.InvokeAsync(new InvocationConfiguration { Output = error, Error = error }, cancellationToken);
            return BadUsage;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, cancellationToken);
    }
}
