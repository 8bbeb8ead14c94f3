using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace DevBot.AdminConsole;

/// <summary>Tables for people, JSON (<c>--json</c>) for scripts; errors are one line on the error stream.</summary>
public sealed class AdminOutput(TextWriter output, TextWriter error)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly IAnsiConsole _console = CreateConsole(output);

    public TextWriter Error => error;

    public void Json(object value) => output.WriteLine(JsonSerializer.Serialize(value, value.GetType(), JsonOptions));

    public void Line(string text) => output.WriteLine(text);

    /// <summary>A table: the header, then rows of cells (already formatted); a total row is set apart.</summary>
    public void Table(string[] columns, IEnumerable<string?[]> rows, string?[]? total = null)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(Markup.Escape(column)));
        }

        foreach (var row in rows)
        {
            table.AddRow(row.Select(c => new Text(c ?? string.Empty)).ToArray());
        }

        if (total is not null)
        {
            table.AddEmptyRow();
            table.AddRow(total.Select(c => new Text(c ?? string.Empty, new Style(decoration: Decoration.Bold))).ToArray());
        }

        _console.Write(table);
    }

    /// <summary>Tables for a terminal fit it; piped into a file or another program they are not wrapped at 80 columns.</summary>
    private static IAnsiConsole CreateConsole(TextWriter output)
    {
        var terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(output),
            Interactive = InteractionSupport.No,
        });
        if (!terminal)
        {
            console.Profile.Width = 400;
        }

        return console;
    }

    public static string Number(decimal value) => value.ToString("0.########", CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string When(DateTimeOffset? value) => value?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? string.Empty;
}
