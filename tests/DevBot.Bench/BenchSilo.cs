using System.Net;
using System.Net.Sockets;
using DevBot.Grains.Hosting;
using DevBot.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DevBot.Bench;

/// <summary>A silo with DevBot's production wiring (ADO.NET providers, grain services) on a given database.</summary>
public sealed class BenchSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private BenchSilo(IHost host) => _host = host;

    public IGrainFactory GrainFactory => _host.Services.GetRequiredService<IGrainFactory>();

    public IServiceProvider Services => _host.Services;

    public static async Task<BenchSilo> StartAsync(string connectionString, IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var clusterId = "bench-" + Guid.NewGuid().ToString("N")[..8];
        builder.UseOrleans(silo =>
        {
            silo.AddDevBotClusterIdentity(new SiloHostingOptions { ClusterId = clusterId, ServiceId = clusterId })
                .AddDevBotPersistence(connectionString)
                .ConfigureEndpoints(IPAddress.Loopback, FreePort(), FreePort());
        });
        builder.Services.AddDevBotGrainServices(builder.Configuration, connectionString);
        var host = builder.Build();
        await host.StartAsync();
        return new BenchSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
