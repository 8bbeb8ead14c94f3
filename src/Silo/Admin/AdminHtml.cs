using System.Globalization;
using System.Text.Encodings.Web;

namespace DevBot.Silo.Admin;

/// <summary>Small HTML helpers for the operator page: everything shown is encoded; money has two decimals.</summary>
public static class AdminHtml
{
    public static string Encode(string? text) => HtmlEncoder.Default.Encode(text ?? string.Empty);

    public static string Money(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero).ToString("#,##0.00", CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString("#,##0", CultureInfo.InvariantCulture);

    public static string When(DateTimeOffset? value, DateTimeOffset now)
    {
        if (value is not { } at)
        {
            return string.Empty;
        }

        var age = now - at;
        var relative = age.TotalSeconds < 0 ? "in " + Span(-age) : age.TotalSeconds < 60 ? "just now" : Span(age) + " ago";
        return $"<time datetime=\"{at.UtcDateTime:O}\" title=\"{at.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC\">{relative}</time>";
    }

    private static string Span(TimeSpan span) => span.TotalMinutes < 60 ? $"{(int)Math.Max(1, span.TotalMinutes)} min"
        : span.TotalHours < 48 ? $"{(int)span.TotalHours} h" : $"{(int)span.TotalDays} d";

    /// <summary>A table: header cells name their columns; <c>num</c> columns are right-aligned.</summary>
    public static string Table(string id, IReadOnlyList<(string Name, bool Numeric)> columns, IEnumerable<IReadOnlyList<string>> rows, IReadOnlyList<string>? total = null)
    {
        var html = new System.Text.StringBuilder($"<table id=\"{id}\"><thead><tr>");
        foreach (var (name, numeric) in columns)
        {
            html.Append(numeric ? "<th class=\"num\">" : "<th>").Append(Encode(name)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        var any = false;
        foreach (var row in rows)
        {
            any = true;
            AppendRow(html, columns, row, "tr");
        }

        if (!any)
        {
            html.Append($"<tr><td colspan=\"{columns.Count}\" class=\"empty\">nothing yet</td></tr>");
        }

        html.Append("</tbody>");
        if (total is not null)
        {
            html.Append("<tfoot>");
            AppendRow(html, columns, total, "tr class=\"total\"");
            html.Append("</tfoot>");
        }

        return html.Append("</table>").ToString();
    }

    /// <summary>Cells are HTML already (callers encode text and format numbers).</summary>
    private static void AppendRow(System.Text.StringBuilder html, IReadOnlyList<(string Name, bool Numeric)> columns, IReadOnlyList<string> row, string open)
    {
        html.Append('<').Append(open).Append('>');
        for (var i = 0; i < columns.Count; i++)
        {
            html.Append(columns[i].Numeric ? "<td class=\"num\">" : "<td>").Append(i < row.Count ? row[i] : string.Empty).Append("</td>");
        }

        html.Append("</tr>");
    }

    public static string Shell(string title, string body, bool charts = false) => $$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>{{Encode(title)}}</title>
        <style>
          body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #222; background: #fafafa; }
          h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
          table { border-collapse: collapse; margin: .5rem 0; background: #fff; }
          th, td { padding: .25rem .6rem; border-bottom: 1px solid #eee; text-align: left; vertical-align: top; }
          th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; }
          tr.total td { font-weight: bold; border-top: 2px solid #999; }
          .loss { color: #c62828; } .empty { color: #888; } .refusal { font-size: 1.1rem; }
          .grid { display: flex; flex-wrap: wrap; gap: 2rem; } nav a { margin-right: 1rem; }
          form.filters input { width: 9rem; }
        </style></head>
        <body>{{body}}{{(charts ? "<script src=\"/admin/assets/chart.umd.min.js\"></script><script src=\"/admin/assets/admin.js\"></script>" : string.Empty)}}</body></html>
        """;
}
