using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace DevBot.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>The standard variable naming the collector (e.g. <c>http://otel-collector:4317</c>).</summary>
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Every DevBot meter (<c>DevBot.Gateway</c>, <c>DevBot.Ledger</c>, <c>DevBot.Projects</c>, <c>DevBot.Workspace</c>) and Orleans'.</summary>
    public static readonly string[] Meters = ["DevBot.*", "Microsoft.Orleans"];

    /// <summary>
    /// Exports DevBot's and Orleans' metrics over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the exporter reads
    /// the other standard <c>OTEL_*</c> variables too); without it nothing is exported and nothing is retried.
    /// </summary>
    public static IServiceCollection AddDevBotTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        if (string.IsNullOrWhiteSpace(configuration[EndpointVariable]))
        {
            return services;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceInstanceId: Environment.MachineName + "/" + Environment.ProcessId))
            .WithMetrics(metrics => metrics.AddMeter(Meters).AddOtlpExporter());
        return services;
    }
}
