using DevBot.ClusterClient;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DevBot.AdminConsole;

/// <summary>The process: configuration as the other DevBot processes read it, an Orleans client when a command needs one.</summary>
public static class AdminConsoleApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

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
                    await host.StartAsync(cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    throw new AdminFailure($"cannot reach the DevBot cluster ({ex.Message.Split('\n', 2)[0].Trim()}); is a silo running, and do DATABASE_URL or Orleans__Gateway point at it?");
                }

                return host.Services.GetRequiredService<IClusterClient>();
            }, Console.In, Console.Out, Console.Error, cancellationToken: stop.Token);
        }
        finally
        {
            if (host is not null)
            {
                await host.StopAsync();
                host.Dispose();
            }
        }
    }
}
