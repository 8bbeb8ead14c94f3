using System.Net;
using System.Net.Sockets;
using DevBot.Bot.Hosting;
using DevBot.Gateway;
using DevBot.Grains.Hosting;
using DevBot.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DevBot.Eval;

/// <summary>
/// A silo with the production wiring (ADO.NET providers on PostgreSQL, every grain service, the gateway) for one model
/// configuration, in this process, with a cluster of its own; its gateway reports settled calls to the tally and its
/// agents' log events are counted there. Other logs go to a file.
/// </summary>
public sealed class EvalSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private EvalSilo(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public IServiceProvider Services => _host.Services;

    public static async Task<EvalSilo> StartAsync(string connectionString, IConfiguration baseConfiguration, IReadOnlyDictionary<string, string?> settings,
        EvalTally tally, string? logFile)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddConfiguration(baseConfiguration);
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Orleans", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddProvider(tally);
        if (logFile is not null)
        {
            builder.Logging.AddProvider(new FileLoggerProvider(logFile));
        }

        var clusterId = "eval-" + Guid.NewGuid().ToString("N")[..8];
        builder.UseOrleans(silo =>
        {
            silo.AddDevBotClusterIdentity(new SiloHostingOptions { ClusterId = clusterId, ServiceId = clusterId })
                .AddDevBotPersistence(connectionString)
                .ConfigureEndpoints(IPAddress.Loopback, FreePort(), FreePort());
        });
        builder.Services.AddSingleton<IModelCallObserver>(tally);
        builder.Services.AddDevBotGrainServices(builder.Configuration, connectionString);
        var host = builder.Build();
        await host.StartAsync();
        return new EvalSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _host.StopAsync(timeout.Token);
        }
        finally
        {
            _host.Dispose();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
