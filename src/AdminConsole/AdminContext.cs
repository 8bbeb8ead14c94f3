using System.CommandLine;

namespace DevBot.AdminConsole;

/// <summary>What every command needs: the cluster (connected on first use), the output, the input for secrets, --json.</summary>
public sealed class AdminContext(Func<CancellationToken, Task<IGrainFactory>> connect, AdminOutput output, TextReader input)
{
    private IGrainFactory? _grains;

    public Option<bool> Json { get; } = new("--json") { Description = "Print JSON for scripts instead of tables.", Recursive = true };

    public AdminOutput Output => output;

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
            catch (Exception ex) when (ex is not OperationCanceledException)
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
            : (await input.ReadLineAsync(cancellationToken))?.Trim();
        return string.IsNullOrEmpty(secret)
            ? throw new AdminFailure("no key given: pipe it on standard input or name a file with --secret-file")
            : secret;
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
