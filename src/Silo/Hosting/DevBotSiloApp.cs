using System.ComponentModel.DataAnnotations;
using DevBot.Data;
using DevBot.Data.Embedded;

namespace DevBot.Silo.Hosting;

/// <summary>
/// A running silo and the database it started (embedded, when no DATABASE_URL is set). Disposing stops the
/// silo first and the embedded PostgreSQL after it.
/// </summary>
public sealed class DevBotSiloApp : IAsyncDisposable
{
    private DevBotSiloApp(WebApplication app, PreparedDatabase database)
    {
        App = app;
        Database = database;
    }

    public WebApplication App { get; }

    public PreparedDatabase Database { get; }

    /// <summary>Runs until SIGINT/SIGTERM; the exit code says how it ended.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            await using var silo = await StartAsync(args);
            await silo.App.WaitForShutdownAsync();
            return 0;
        }
        catch (EmbeddedPostgresException ex)
        {
            await Console.Error.WriteLineAsync("devbot-silo: " + ex.Message);
            return 3;
        }
        catch (Exception ex) when (ex is ValidationException or Microsoft.Extensions.Options.OptionsValidationException or FormatException)
        {
            await Console.Error.WriteLineAsync("devbot-silo: invalid configuration: " + ex.Message);
            return 2;
        }
    }

    /// <summary>Prepares the database, builds the silo and starts it.</summary>
    public static async Task<DevBotSiloApp> StartAsync(string[] args, CancellationToken cancellationToken = default)
    {
        // Configuration files sit beside the binary; relative data paths resolve against the working folder.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        using var bootLogging = LoggerFactory.Create(logging => logging
            .AddConfiguration(builder.Configuration.GetSection("Logging"))
            .AddSimpleConsole(console => console.SingleLine = true));
        var database = await DevBotDatabase.PrepareAsync(builder.Configuration, bootLogging, cancellationToken);
        try
        {
            await ApiKeyEnvironment.EnsureMasterKeyAsync(builder.Configuration, database.ConnectionString, cancellationToken);
            builder.AddDevBotSilo(database.ConnectionString, embeddedDatabase: database.Embedded is not null);
            var app = builder.Build();
            app.MapDevBotEndpoints();
            await app.StartAsync(cancellationToken);
            return new DevBotSiloApp(app, database);
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
        finally
        {
            await Database.DisposeAsync();
        }
    }
}
