using System.CommandLine;
using System.Text.RegularExpressions;

namespace DevBot.AdminConsole;

/// <summary>
/// The command tree. Parsing comes first: help and usage errors (exit 2) need no cluster; a command connects on
/// first use, exits 0 when it did what was asked and 1 with one clear line when it did not.
/// </summary>
public static partial class AdminCommands
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadUsage = 2;

    public static RootCommand Build(AdminContext context, Func<HttpClient> http, TimeProvider time)
    {
        var root = new RootCommand("DevBot's operator console: users, credits, API keys, prices, projects and reports, through the cluster's grains.");
        root.Options.Add(context.Json);
        root.Options.Add(context.Operator);
        root.Options.Add(context.Yes);
        root.Subcommands.Add(UserCommands.Users(context));
        root.Subcommands.Add(UserCommands.Credits(context));
        root.Subcommands.Add(KeyCommands.Keys(context, time));
        root.Subcommands.Add(PricingCommands.Pricing(context, http));
        root.Subcommands.Add(ProjectCommands.Projects(context));
        root.Subcommands.Add(ReportCommands.Report(context, time));
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; the cluster is connected only when a command needs it.</summary>
    public static async Task<int> RunAsync(string[] args, Func<CancellationToken, Task<IGrainFactory>> connect, TextReader input, TextWriter output, TextWriter error,
        Func<HttpClient>? http = null, TimeProvider? time = null, bool interactive = false, CancellationToken cancellationToken = default,
        AdminSettings? settings = null)
    {
        var context = new AdminContext(connect, new AdminOutput(output, error), input, interactive, settings);
        var root = Build(context, http ?? (() => new HttpClient { Timeout = TimeSpan.FromSeconds(30) }), time ?? TimeProvider.System);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            await error.WriteLineAsync($"devbot-admin: {Friendly(parse.Errors[0].Message)} (devbot-admin --help lists the commands)");
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

    /// <summary>
    /// System.CommandLine says "Cannot parse argument 'x' for option '--y' as expected type 'System.Nullable`1[...]'":
    /// operators get what was expected in words instead of a .NET type name.
    /// </summary>
    public static string Friendly(string message)
    {
        var match = CannotParse().Match(message);
        if (!match.Success)
        {
            return message;
        }

        var type = match.Groups["type"].Value;
        var expected = type switch
        {
            _ when type.Contains("DateTimeOffset", StringComparison.Ordinal) || type.Contains("DateTime", StringComparison.Ordinal) => "a date or time: " + RelativeTime.Forms,
            _ when type.Contains("Int64", StringComparison.Ordinal) || type.Contains("Int32", StringComparison.Ordinal) => "a whole number",
            _ when type.Contains("Decimal", StringComparison.Ordinal) => "a number such as 125 or 12.5",
            _ when type.Contains("Guid", StringComparison.Ordinal) => "an id such as 3f2c9a1e-0b7d-4c55-9a57-2f1f0c7e8d11",
            _ when type.Contains("Boolean", StringComparison.Ordinal) => "true or false",
            _ => "a different kind of value",
        };
        var where = match.Groups["kind"].Value == "option" ? match.Groups["name"].Value + " " : string.Empty;
        return $"{where}{match.Groups["value"].Value}: not {expected}";
    }

    [GeneratedRegex("^Cannot parse argument '(?<value>.*?)'(?: for (?<kind>option|command|argument) '(?<name>[^']*)')? as expected type '(?<type>[^']*)'")]
    private static partial Regex CannotParse();
}
