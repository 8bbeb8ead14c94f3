using DevBot.Grains.Hosting;
using DevBot.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace DevBot.Tests.Infrastructure;

/// <summary>Test silos run the production persistence wiring (ADO.NET on PostgreSQL) against a test database.</summary>
public sealed class DevBotTestSiloConfigurator : ISiloConfigurator
{
    public const string ConnectionStringKey = "DevBotTest:ConnectionString";

    public void Configure(ISiloBuilder siloBuilder)
    {
        var connectionString = siloBuilder.Configuration[ConnectionStringKey]
            ?? throw new InvalidOperationException($"{ConnectionStringKey} is not set for the test silo.");
        siloBuilder.AddDevBotPersistence(connectionString);
        siloBuilder.Services.AddDevBotGrainServices(siloBuilder.Configuration, connectionString);
        siloBuilder.Services.AddSingleton<ILoggerProvider>(LogCapture.Instance);
        siloBuilder.Services.Configure<LoggerFilterOptions>(options => options.MinLevel = LogLevel.Debug);
        siloBuilder.Configure<ReminderOptions>(options =>
        {
            // Production keeps Orleans' one-minute floor; tests need reminders that fire within seconds.
            options.MinimumReminderPeriod = TimeSpan.FromMilliseconds(500);
            options.RefreshReminderListPeriod = TimeSpan.FromSeconds(1);
            options.InitializationTimeout = TimeSpan.FromSeconds(30);
        });
    }
}
