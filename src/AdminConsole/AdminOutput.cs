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

    /// <summary>
    /// A table: an optional title (the period a report covers), the header, then rows of cells (already formatted);
    /// a total row is set apart. Columns whose cells are all numbers are right-aligned, so decimal points line up.
    /// </summary>
    public void Table(string[] columns, IEnumerable<string?[]> rows, string?[]? total = null, string? title = null)
    {
        var body = rows.ToList();
        var table = new Table().Border(TableBorder.Simple);
        if (title is not null)
        {
            table.Title(new TableTitle(Markup.Escape(title)));
        }

        for (var i = 0; i < columns.Length; i++)
        {
            var column = new TableColumn(Markup.Escape(columns[i]));
            var cells = body.Select(r => i < r.Length ? r[i] : null).Append(total is not null && i < total.Length ? total[i] : null)
                .Where(c => !string.IsNullOrEmpty(c) && c != "-" && c != "total").ToList();
            if (cells.Count > 0 && cells.All(IsNumber))
            {
                column.RightAligned();
            }

            table.AddColumn(column);
        }

        foreach (var row in body)
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

    private static bool IsNumber(string? cell) =>
        decimal.TryParse(cell, NumberStyles.Number, CultureInfo.InvariantCulture, out _);

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

    /// <summary>Money and credits for people: two decimals, thousands grouped (exact values are in --json).</summary>
    public static string Money(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero).ToString("#,##0.00", CultureInfo.InvariantCulture);

    /// <summary>A report's period as its title says it: [since, until) in UTC.</summary>
    public static string Period(DevBot.GrainInterfaces.Reports.ReportPeriod period) =>
        $"{Moment(period.Since)} to {Moment(period.Until)} UTC";

    private static string Moment(DateTimeOffset value) => value.UtcDateTime.TimeOfDay == TimeSpan.Zero
        ? value.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        : value.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A past moment with how long ago it was ("2026-11-27 14:02 (3 h ago)").</summary>
    public static string Ago(DateTimeOffset? value, DateTimeOffset now)
    {
        if (value is not { } moment)
        {
            return string.Empty;
        }

        var age = now - moment;
        var relative = age.TotalSeconds switch
        {
            < 0 => "in " + Span(-age),
            < 60 => "just now",
            _ => Span(age) + " ago",
        };
        return $"{When(moment)} ({relative})";
    }

    private static string Span(TimeSpan span) => span.TotalMinutes < 60 ? $"{(int)Math.Max(1, span.TotalMinutes)} min"
        : span.TotalHours < 48 ? $"{(int)span.TotalHours} h" : $"{(int)span.TotalDays} d";

    public static string When(DateTimeOffset? value) => value?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? string.Empty;
}
