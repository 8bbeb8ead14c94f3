using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DevBot.Silo.Health;

/// <summary><c>/healthz</c> as JSON: the overall status and each check's status and finding (never an exception's details).</summary>
internal static class HealthResponse
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Options));
    }

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };
}
