using DevBot.ClusterClient;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DevBot.AdminConsole;

/// <summary>The process: configuration as the other DevBot processes read it, an Orleans client when a command needs one.</summary>
public static class AdminConsoleApp
{
    /// <summary>The console's settings, read the way the host reads them (appsettings.json beside the binary, then the environment).</summary>
    private static AdminSettings Settings()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
        var settings = new AdminSettings();
        Microsoft.Extensions.Configuration.ConfigurationBinder.Bind(configuration.GetSection(AdminSettings.SectionName), settings);
        return settings;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler interrupt = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += interrupt;

        IHost? host = null;
        try
        {
            return await AdminCommands.RunAsync(args, async cancellationToken =>
            {
                var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory, Args = [] });
                builder.Logging.ClearProviders();
                builder.UseOrleansClient(client => client.AddDevBotCluster(builder.Configuration, retryConnection: false));
                host = builder.Build();
                try
                {
                    using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    deadline.CancelAfter(TimeSpan.FromSeconds(20));
                    await host.StartAsync(deadline.Token);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new AdminFailure($"cannot reach the DevBot cluster ({ex.Message.Split('\n', 2)[0].Trim()}); is a silo running, and do DATABASE_URL or Orleans__Gateway point at it?");
                }

                return host.Services.GetRequiredService<IClusterClient>();
            }, Console.In, Console.Out, Console.Error, interactive: !Console.IsInputRedirected, cancellationToken: stop.Token, settings: Settings());
        }
        finally
        {
            Console.CancelKeyPress -= interrupt;
            if (host is not null)
            {
                await host.StopAsync();
                host.Dispose();
            }
        }
    }
}
