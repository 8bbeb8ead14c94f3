using System.ComponentModel.DataAnnotations;
using DevBot.Data;
using DevBot.Bot.Hosting;
using DevBot.Bot.Options;
using DevBot.Bot.Telegram;
using DevBot.Data.Embedded;
using DevBot.ScriptedModels;
using Microsoft.Extensions.Options;

namespace DevBot.Silo.Hosting;

/// <summary>
/// A running silo and the database it started (embedded, when no DATABASE_URL is set). Disposing stops the
/// silo first and the embedded PostgreSQL after it.
/// </summary>
public sealed class DevBotSiloApp : IAsyncDisposable
{
    /// <summary>How long a start-up that failed halfway gives what did start to stop.</summary>
    private static readonly TimeSpan StartFailureStopTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Fast shutdown first, then immediate: a second Ctrl-C is answered within twice this.</summary>
    private static readonly TimeSpan UrgentStopPatience = TimeSpan.FromSeconds(2);

    /// <summary>What a stop that hangs past the host's shutdown timeout gets before the process gives up on it.</summary>
    private static readonly TimeSpan StopOverrun = TimeSpan.FromSeconds(5);

    private readonly ScriptedModelServer? _demoModels;
    private readonly FileLoggerProvider? _fileLog;
    private readonly DataFolderLock? _folderLock;
    private int _disposed;

    private DevBotSiloApp(WebApplication app, PreparedDatabase database, ScriptedModelServer? demoModels, FileLoggerProvider? fileLog, DataFolderLock? folderLock)
    {
        App = app;
        Database = database;
        _demoModels = demoModels;
        _fileLog = fileLog;
        _folderLock = folderLock;
    }

    public WebApplication App { get; }

    public PreparedDatabase Database { get; }

    /// <summary>
    /// Runs until SIGINT/SIGTERM (or until the console chat ends); the exit code says how it ended: 0 stopped, 1 failed
    /// (to start, or to stop in time), 2 invalid configuration, 3 no PostgreSQL (or its data folder in use),
    /// 130 interrupted during start-up or interrupted again while stopping.
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        using var signals = new ShutdownSignals();
        DevBotSiloApp silo;
        try
        {
            silo = await StartAsync(args, signals.Stopping);
        }
        catch (OperationCanceledException) when (signals.Stopping.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("devbot-silo: interrupted while starting.");
            return ShutdownSignals.InterruptedExitCode;
        }
        catch (EmbeddedPostgresException ex)
        {
            await Console.Error.WriteLineAsync("devbot-silo: " + ex.Message);
            return 3;
        }
        catch (Exception ex) when (IsConfigurationError(ex))
        {
            // Options validated on start fail together: one line per setting refused.
            var errors = ex is AggregateException aggregate ? aggregate.InnerExceptions : [ex];
            foreach (var error in errors)
            {
                await Console.Error.WriteLineAsync("devbot-silo: invalid configuration: " + error.Message);
            }

            return 2;
        }
        catch (Exception ex) when (AddressInUse(ex) is { } inUse)
        {
            await Console.Error.WriteLineAsync("devbot-silo: could not start: " + inUse.Message.TrimEnd('.')
                + ". Another process (another silo?) uses the HTTP address (ASPNETCORE_URLS, --urls), Orleans__SiloPort or Orleans__GatewayPort.");
            return 1;
        }

        // Withdrawn only after the stop below has finished: a second signal during it must still find PostgreSQL.
        using var urgentStop = signals.BeforeAbandoning(silo.StopDatabaseNow);
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (signals.Stopping.Register(silo.App.Lifetime.StopApplication))
        using (silo.App.Lifetime.ApplicationStopping.Register(() => stopping.TrySetResult()))
        {
            await stopping.Task;
        }

        // A stop that hangs past the host's own timeout (Orleans waiting on a database that went away) would keep the
        // process forever; past this deadline PostgreSQL is stopped at once and the process ends.
        var deadline = silo.App.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout + StopOverrun;
        using var overrun = new Timer(_ => signals.Abandon(1, $"the silo did not stop within {deadline.TotalSeconds:0} s"), null, deadline, Timeout.InfiniteTimeSpan);
        // Stops the host once (the chat, the web server, the silo) and PostgreSQL after it.
        await silo.DisposeAsync();
        return 0;
    }

    /// <summary>The "address in use" somewhere in a start-up failure (Kestrel's HTTP port, Orleans' silo or gateway port).</summary>
    private static Exception? AddressInUse(Exception ex)
    {
        for (Exception? current = ex; current is not null; current = current.InnerException)
        {
            if (current is Microsoft.AspNetCore.Connections.AddressInUseException
                or System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse })
            {
                return ex is IOException ? ex : current;
            }
        }

        return ex is AggregateException aggregate ? aggregate.InnerExceptions.Select(AddressInUse).FirstOrDefault(e => e is not null) : null;
    }

    private static bool IsConfigurationError(Exception ex) => ex switch
    {
        ValidationException or OptionsValidationException or FormatException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsConfigurationError),
        _ => false,
    };

    /// <summary>
    /// Prepares the database, builds the silo and starts it; with <c>--chat</c> (or <c>--console</c>) the chat
    /// front-end runs in the same process (Telegram with a token, else the console chat, whose terminal then gets
    /// no logs: they go to <c>.devbot/logs/silo.log</c>).
    /// </summary>
    public static async Task<DevBotSiloApp> StartAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var (remaining, chatSettings, chat) = ChatArguments.Split(args);
        // Configuration files sit beside the binary; relative data paths resolve against the working folder.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = remaining, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(chatSettings);
        var chatMode = chat ? BotServiceCollectionExtensions.ResolveMode(builder.Configuration) : BotMode.Off;
        var fileLog = chatMode == BotMode.Console ? new FileLoggerProvider(Path.Combine(".devbot", "logs", "silo.log")) : null;
        if (fileLog is not null)
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(fileLog);
            Console.WriteLine($"Starting DevBot (logs: {fileLog.Path}) …");
        }

        using var bootLogging = LoggerFactory.Create(logging =>
        {
            logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
            if (fileLog is null)
            {
                logging.AddSimpleConsole(console => console.SingleLine = true);
            }
            else
            {
                logging.AddProvider(new NonDisposingProvider(fileLog));
            }
        });
        DataFolderLock? folderLock = null;
        PreparedDatabase database;
        try
        {
            if (DevBotDatabase.ConfiguredConnectionString(builder.Configuration) is null)
            {
                folderLock = DataFolderLock.Acquire(builder.Configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>()?.DataDirectory
                                                    ?? new DatabaseOptions().DataDirectory);
            }

            database = await DevBotDatabase.PrepareAsync(builder.Configuration, bootLogging, cancellationToken);
        }
        catch
        {
            folderLock?.Dispose();
            fileLog?.Dispose();
            throw;
        }

        ScriptedModelServer? demoModels = null;
        WebApplication? started = null;
        try
        {
            await ApiKeyEnvironment.EnsureMasterKeyAsync(builder.Configuration, database.ConnectionString, cancellationToken);
            demoModels = await DemoModels.StartIfNeededAsync(builder.Configuration, database.ConnectionString, bootLogging.CreateLogger("DevBot.Silo"), cancellationToken);
            builder.AddDevBotSilo(database.ConnectionString, embeddedDatabase: database.Embedded is not null);
            if (chatMode != BotMode.Off)
            {
                builder.Services.AddDevBotChat(builder.Configuration);
            }

            var app = builder.Build();
            app.MapDevBotEndpoints();
            if (chatMode == BotMode.Telegram && !string.IsNullOrWhiteSpace(builder.Configuration["Bot:WebhookUrl"]))
            {
                app.MapDevBotTelegramWebhook();
            }

            // Options are refused before anything starts: the host would otherwise log the refusal as a start-up crash.
            app.Services.GetService<IStartupValidator>()?.Validate();
            started = app;
            await app.StartAsync(cancellationToken);
            return new DevBotSiloApp(app, database, demoModels, fileLog, folderLock);
        }
        catch
        {
            if (started is not null)
            {
                await StopHalfStartedAsync(started);
            }

            if (demoModels is not null)
            {
                await demoModels.DisposeAsync();
            }

            await database.DisposeAsync();
            folderLock?.Dispose();
            fileLog?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Start-up failed (options refused) or was interrupted halfway: whatever did start stops before the database does.
    /// Services that never started may refuse to stop (Orleans' silo does); the original failure is what gets reported.
    /// </summary>
    private static async Task StopHalfStartedAsync(WebApplication app)
    {
        try
        {
            using var stopTimeout = new CancellationTokenSource(StartFailureStopTimeout);
            await app.StopAsync(stopTimeout.Token);
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException or AggregateException)
        {
        }

        await app.DisposeAsync();
    }

    /// <summary>Stops the embedded PostgreSQL at once (a second Ctrl-C, a stop past its deadline): the process is about to exit.</summary>
    public void StopDatabaseNow() => Database.Embedded?.StopNow(UrgentStopPatience);

    /// <summary>Stops the host (once: the silo and the services beside it), then the database.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
        finally
        {
            if (_demoModels is not null)
            {
                await _demoModels.DisposeAsync();
            }

            await Database.DisposeAsync();
            _folderLock?.Dispose();
            _fileLog?.Dispose();
        }
    }
}
