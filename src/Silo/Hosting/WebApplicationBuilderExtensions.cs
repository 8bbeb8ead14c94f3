using DevBot.Telemetry;
using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Sockets;
using DevBot.Silo.Health;
using DevBot.Grains.Hosting;
using DevBot.Silo.Admin;
using Orleans.Dashboard;

namespace DevBot.Silo.Hosting;

public static class WebApplicationBuilderExtensions
{
    /// <summary>The silo's HTTP address when neither ASPNETCORE_URLS nor --urls says otherwise.</summary>
    public const string DefaultUrl = "http://localhost:8080";

    /// <summary>
    /// Everything a DevBot silo runs: Orleans on PostgreSQL, the dashboard, health checks and the HTTP endpoint.
    /// </summary>
    public static WebApplicationBuilder AddDevBotSilo(this WebApplicationBuilder builder, string connectionString, bool embeddedDatabase)
    {
        var hosting = builder.Configuration.GetSection(SiloHostingOptions.SectionName).Get<SiloHostingOptions>() ?? new SiloHostingOptions();
        Validator.ValidateObject(hosting, new ValidationContext(hosting), validateAllProperties: true);
        builder.Services.AddOptions<SiloHostingOptions>()
            .Bind(builder.Configuration.GetSection(SiloHostingOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = hosting.ShutdownTimeout);
        var advertised = AdvertisedAddress(hosting, embeddedDatabase);
        builder.UseOrleans(silo =>
        {
            silo.AddDevBotClusterIdentity(hosting)
                .AddDevBotPersistence(connectionString)
                .ConfigureEndpoints(advertised, hosting.SiloPort, hosting.GatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(advertised));
            silo.AddDashboard();
        });

        builder.Services.AddDevBotGrainServices(builder.Configuration, connectionString);
        ReminderPeriodValidator.Register(builder.Services);
        builder.Services.AddDevBotTelemetry(builder.Configuration, "devbot-silo");
        builder.Services.AddHostedService<ApiKeySeeder>();
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", timeout: TimeSpan.FromSeconds(5))
            .AddCheck<SiloHealthCheck>("silo", timeout: TimeSpan.FromSeconds(5))
            .AddCheck<SandboxHealthCheck>("sandbox", timeout: TimeSpan.FromSeconds(70));
        return builder;
    }

    /// <summary>
    /// Health at /healthz, the operator page at /admin and the Orleans dashboard at /dashboard (both behind an operator
    /// session), and / pointing at the page.
    /// </summary>
    public static WebApplication MapDevBotEndpoints(this WebApplication app)
    {
        app.UseDevBotOperatorSession();
        app.MapDevBotAdmin();
        app.MapHealthChecks("/healthz", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { ResponseWriter = HealthResponse.WriteAsync });
        app.MapOrleansDashboard(routePrefix: "/dashboard");
        app.MapGet("/", () => Results.Redirect("/admin"));
        return app;
    }

    private static IPAddress AdvertisedAddress(SiloHostingOptions hosting, bool embeddedDatabase)
    {
        if (!string.IsNullOrWhiteSpace(hosting.AdvertisedIPAddress))
        {
            return IPAddress.TryParse(hosting.AdvertisedIPAddress, out var configured)
                ? configured
                : throw new ValidationException($"Orleans:AdvertisedIPAddress '{hosting.AdvertisedIPAddress}' is not an IP address.");
        }

        // An embedded database means one machine: loopback keeps the silo off the network.
        if (embeddedDatabase)
        {
            return IPAddress.Loopback;
        }

        var addresses = Dns.GetHostAddresses(Dns.GetHostName());
        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
               ?? IPAddress.Loopback;
    }
}
