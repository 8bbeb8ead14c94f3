using System.CommandLine;

namespace DevBot.AdminConsole;

/// <summary>What every command needs: the cluster (connected on first use), the output, the input for secrets, --json.</summary>
public sealed class AdminContext(Func<CancellationToken, Task<IGrainFactory>> connect, AdminOutput output, TextReader input, bool interactive = false,
    AdminSettings? settings = null)
{
    /// <summary>The exit code of a command the operator interrupted (Ctrl+C), as shells expect.</summary>
    public const int Interrupted = 130;

    private IGrainFactory? _grains;

    public Option<bool> Json { get; } = new("--json") { Description = "Print JSON for scripts instead of tables.", Recursive = true };

    public Option<string?> Operator { get; } = new("--operator")
    {
        Description = "Who is acting, recorded with every change (default: the OS user).",
        Recursive = true,
    };

    public Option<bool> Yes { get; } = new("--yes", "-y") { Description = "Confirm without asking (for scripts).", Recursive = true };

    public AdminSettings Settings { get; } = settings ?? new AdminSettings();

    public AdminOutput Output => output;

    /// <summary>The operator's name: --operator, else the OS user.</summary>
    public string OperatorName(ParseResult parse) =>
        parse.GetValue(Operator) is { Length: > 0 } named ? named.Trim() : Environment.UserName is { Length: > 0 } user ? user : "unknown";

    /// <summary>
    /// Asks before a change that is hard to undo: --yes confirms; at a terminal the operator answers y; piped or
    /// scripted without --yes, nothing is done and the command fails saying how to confirm.
    /// </summary>
    public async Task ConfirmAsync(ParseResult parse, string question, CancellationToken cancellationToken)
    {
        if (parse.GetValue(Yes))
        {
            return;
        }

        if (!interactive)
        {
            throw new AdminFailure($"{question} Not done: add --yes to confirm.");
        }

        await output.Error.WriteAsync($"{question} [y/N] ");
        var answer = (await input.ReadLineAsync(cancellationToken))?.Trim();
        if (!string.Equals(answer, "y", StringComparison.OrdinalIgnoreCase) && !string.Equals(answer, "yes", StringComparison.OrdinalIgnoreCase))
        {
            throw new AdminFailure("not confirmed; nothing was done");
        }
    }

    /// <summary>Records an operator action (who, what, on what) in <c>operator_actions</c>.</summary>
    public Task RecordAsync(IGrainFactory grains, ParseResult parse, string action, string? target, string? details = null) =>
        grains.GetGrain<DevBot.GrainInterfaces.Admin.IAdminGrain>(0).RecordActionAsync(
            new DevBot.GrainInterfaces.Admin.OperatorAction(OperatorName(parse), action, target, details, default));

    public TextReader Input => input;

    public async Task<IGrainFactory> GrainsAsync(CancellationToken cancellationToken) => _grains ??= await connect(cancellationToken);

    /// <summary>Runs a command body: 0 when it worked, 1 with one clear line when it did not.</summary>
    public void Action(Command command, Func<ParseResult, IGrainFactory, CancellationToken, Task> body) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                await body(parse, await GrainsAsync(cancellationToken), cancellationToken);
                return 0;
            }
            catch (AdminFailure failure)
            {
                await output.Error.WriteLineAsync("devbot-admin: " + failure.Message);
                return 1;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await output.Error.WriteLineAsync("devbot-admin: interrupted");
                return Interrupted;
            }
            catch (OperationCanceledException ex)
            {
                // Not the operator: a timeout (the cluster, or a web request) gave up.
                await output.Error.WriteLineAsync($"devbot-admin: timed out: {FirstLine(ex.Message)}");
                return 1;
            }
            catch (Exception ex)
            {
                await output.Error.WriteLineAsync($"devbot-admin: {ex.GetType().Name}: {FirstLine(ex.Message)}");
                return 1;
            }
        });

    /// <summary>Prints <paramref name="value"/> as JSON with --json, else runs <paramref name="render"/>.</summary>
    public void Show<T>(ParseResult parse, T value, Action<T> render)
        where T : notnull
    {
        if (parse.GetValue(Json))
        {
            output.Json(value);
        }
        else
        {
            render(value);
        }
    }

    /// <summary>A secret from --secret-file, else the first line of standard input; never echoed.</summary>
    public async Task<string> ReadSecretAsync(FileInfo? file, CancellationToken cancellationToken)
    {
        var secret = file is not null
            ? (await File.ReadAllTextAsync(file.FullName, cancellationToken)).Trim()
            : interactive ? ReadHidden() : (await input.ReadLineAsync(cancellationToken))?.Trim();
        return string.IsNullOrEmpty(secret)
            ? throw new AdminFailure("no key given: pipe it on standard input or name a file with --secret-file")
            : secret;
    }

    /// <summary>A key typed at a terminal: read without echo, so it never shows on screen or in a recording.</summary>
    private string ReadHidden()
    {
        output.Error.Write("Key (not shown): ");
        var typed = new System.Text.StringBuilder();
        while (true)
        {
            var key = System.Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                typed.Length = Math.Max(0, typed.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }

        output.Error.WriteLine();
        return typed.ToString().Trim();
    }

    /// <summary>Fails unless the user has used DevBot: a mistyped id must not create a user.</summary>
    public static async Task RequireUserAsync(IGrainFactory grains, long userId)
    {
        if (await grains.GetGrain<DevBot.GrainInterfaces.Admin.IAdminGrain>(0).GetUserAsync(userId) is null)
        {
            throw new AdminFailure($"no user {userId}: they have never used DevBot");
        }
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
