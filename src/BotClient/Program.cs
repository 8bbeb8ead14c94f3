using DevBot.BotClient;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// The Telegram front-end is built on this client (see the README's status section); today the process
// connects to the cluster, reports the active silos and exits: a connectivity check for operators.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.UseOrleansClient(client => client.AddDevBotCluster(builder.Configuration));
using var host = builder.Build();
await host.StartAsync();
var hosts = await host.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
Console.WriteLine($"Connected to the DevBot cluster: {hosts.Count} active silo(s): {string.Join(", ", hosts.Keys)}");
await host.StopAsync();
