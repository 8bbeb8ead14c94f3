using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace DevBot.Data.Embedded;

/// <summary>
/// A private PostgreSQL cluster run from the machine's PostgreSQL binaries: initialised on first use under a
/// data folder, started on loopback, stopped on dispose. The silo uses it when no DATABASE_URL is set; tests use
/// throwaway ones. As root the server runs as an unprivileged account, because initdb and postgres refuse root.
/// </summary>
public sealed class EmbeddedPostgres : IAsyncDisposable
{
    private const string SuperUser = "devbot";
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(90);

    private readonly EmbeddedPostgresSettings _settings;
    private readonly PostgresBinaries _binaries;
    private readonly OsAccount? _runAs;
    private readonly ILogger _logger;
    private readonly string _password;
    private int _stopped;
    private PostmasterProcess? _postmaster;

    private EmbeddedPostgres(EmbeddedPostgresSettings settings, PostgresBinaries binaries, OsAccount? runAs, string password, int port, ILogger logger)
    {
        _settings = settings;
        _binaries = binaries;
        _runAs = runAs;
        _password = password;
        _logger = logger;
        Port = port;
        DataDirectory = Path.GetFullPath(settings.DataDirectory);
    }

    public int Port { get; }

    public string DataDirectory { get; }

    public string ClusterDirectory => Path.Combine(DataDirectory, "cluster");

    public string LogFile => Path.Combine(DataDirectory, "postgres.log");

    /// <summary>Connection string of the DevBot database in this cluster.</summary>
    public string ConnectionString => ConnectionStringFor(_settings.DatabaseName);

    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SuperUser,
        Password = _password,
        Database = database,
        Timezone = "UTC",
        MaxPoolSize = 50,
    }.ConnectionString;

    public static Task<EmbeddedPostgres> StartThrowawayAsync(ILogger? logger = null, CancellationToken cancellationToken = default) =>
        StartAsync(EmbeddedPostgresSettings.CreateThrowaway(), logger, cancellationToken);

    /// <summary>Initialises the cluster if needed, starts it and makes sure the DevBot database exists.</summary>
    /// <exception cref="PostgresBinariesNotFoundException">No PostgreSQL server binaries on this machine.</exception>
    /// <exception cref="EmbeddedPostgresException">The cluster could not be prepared or started.</exception>
    public static async Task<EmbeddedPostgres> StartAsync(EmbeddedPostgresSettings settings, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        logger ??= NullLogger.Instance;
        var binaries = PostgresBinaries.Locate(settings.BinDirectory);
        var runAs = OsAccount.ForPostgres(settings.OsUser);
        var dataDirectory = Path.GetFullPath(settings.DataDirectory);
        Directory.CreateDirectory(dataDirectory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var password = ReadOrCreatePassword(dataDirectory);
        runAs?.TakeOwnership(dataDirectory);
        if (runAs is not null)
        {
            await EnsureReachableAsync(dataDirectory, runAs, cancellationToken).ConfigureAwait(false);
        }

        EmbeddedPostgres server;
        for (var attempt = 1; ; attempt++)
        {
            var port = settings.Port != 0 ? settings.Port : FreeLoopbackPort();
            server = new EmbeddedPostgres(settings, binaries, runAs, password, port, logger);
            try
            {
                await server.InitialiseAsync(cancellationToken).ConfigureAwait(false);
                await server.StopLeftoverAsync(cancellationToken).ConfigureAwait(false);
                await server.StartServerAsync(cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (EmbeddedPostgresException) when (settings.Port == 0 && attempt < 3)
            {
                // Another process may have taken the free port between probing and binding it.
                logger.LogWarning("Embedded PostgreSQL did not start on port {Port}; trying another port", port);
            }
            catch (OperationCanceledException)
            {
                // Interrupted while pg_ctl was starting it: the server may be up by now, and nobody else would stop it.
                await server.StopLeftoverAsync(CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }

        try
        {
            await server.EnsureDatabaseAsync(settings.DatabaseName, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        logger.LogInformation("Embedded PostgreSQL ({Binaries}) listening on 127.0.0.1:{Port}, data in {DataDirectory}",
            binaries.Directory, server.Port, server.DataDirectory);
        return server;
    }

    /// <summary>Creates a database in this cluster (if missing) and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        await EnsureDatabaseAsync(name, cancellationToken).ConfigureAwait(false);
        return ConnectionStringFor(name);
    }

    /// <summary>Stops the server (fast shutdown: open sessions are ended, committed data is kept).</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        var postmaster = _postmaster ?? PostmasterProcess.Find(ClusterDirectory);
        var result = await RunToolAsync(_binaries.PgCtl, ["stop", "-D", ClusterDirectory, "-m", "fast", "-w", "-t", "60"], cancellationToken)
            .ConfigureAwait(false);
        if (!result.Succeeded)
        {
            _logger.LogWarning("pg_ctl stop reported: {Output}", result.Output.Trim());
        }
        else if (postmaster is null || postmaster.WaitForExit(TimeSpan.FromSeconds(5)))
        {
            _logger.LogInformation("Embedded PostgreSQL stopped");
        }
        else
        {
            _logger.LogWarning("Embedded PostgreSQL removed its pid file but its process {Pid} is still running", postmaster.Pid);
        }
    }

    /// <summary>
    /// Stops the server at once without helper processes, for a process that is about to exit (a second Ctrl-C while
    /// stopping): PostgreSQL's fast shutdown, then its immediate shutdown after <paramref name="patience"/>. Safe to
    /// call from a signal handler while <see cref="StopAsync"/> runs. Returns whether the server is gone.
    /// </summary>
    public bool StopNow(TimeSpan patience)
    {
        Interlocked.Exchange(ref _stopped, 1);
        var stopped = (_postmaster ?? PostmasterProcess.Find(ClusterDirectory))?.Stop(patience) ?? true;
        if (stopped)
        {
            _logger.LogWarning("Embedded PostgreSQL stopped at once");
        }
        else
        {
            _logger.LogError("Embedded PostgreSQL did not stop within {Patience}; the next start stops it", patience * 2);
        }

        return stopped;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        if (_settings.Throwaway)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException ex)
            {
                _logger.LogWarning(ex, "Could not remove the throwaway cluster at {DataDirectory}", DataDirectory);
            }
        }
    }

    private static string ReadOrCreatePassword(string dataDirectory)
    {
        var passwordFile = Path.Combine(dataDirectory, "superuser.password");
        if (File.Exists(passwordFile))
        {
            return File.ReadAllText(passwordFile).Trim();
        }

        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(passwordFile, options))
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
        {
            writer.Write(password);
        }

        return password;
    }

    private static async Task EnsureReachableAsync(string dataDirectory, OsAccount runAs, CancellationToken cancellationToken)
    {
        var probe = await ProcessRunner.RunAsync("/usr/bin/test", ["-w", dataDirectory], "/", runAs, ToolTimeout, cancellationToken)
            .ConfigureAwait(false);
        if (!probe.Succeeded)
        {
            throw new EmbeddedPostgresException(
                $"The OS account '{runAs.Name}' that runs PostgreSQL cannot reach '{dataDirectory}' (a parent folder is not searchable by it). "
                + "Set Database__DataDirectory to a folder it can reach, for example /var/lib/devbot/pgdata.");
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task InitialiseAsync(CancellationToken cancellationToken)
    {
        if (File.Exists(Path.Combine(ClusterDirectory, "PG_VERSION")))
        {
            await WriteSettingsAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        if (Directory.Exists(ClusterDirectory))
        {
            // A previous initdb was interrupted; it left nothing worth keeping.
            Directory.Delete(ClusterDirectory, recursive: true);
        }

        var passwordFile = Path.Combine(DataDirectory, "superuser.password");
        List<string> arguments =
        [
            "-D", ClusterDirectory, "-U", SuperUser, "--pwfile", passwordFile, "--auth", "scram-sha-256",
            "-E", "UTF8", "--no-locale",
        ];
        if (_settings.IsDurabilityRelaxed)
        {
            arguments.Add("--no-sync");
        }

        _logger.LogInformation("Initialising embedded PostgreSQL cluster in {ClusterDirectory}", ClusterDirectory);
        var result = await RunToolAsync(_binaries.InitDb, arguments, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new EmbeddedPostgresException($"initdb failed (exit {result.ExitCode}): {result.Output.Trim()}");
        }

        await File.AppendAllTextAsync(Path.Combine(ClusterDirectory, "postgresql.conf"),
            "\n# DevBot's settings, rewritten at every start.\ninclude_if_exists = 'devbot.conf'\n", cancellationToken).ConfigureAwait(false);
        await WriteSettingsAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteSettingsAsync(CancellationToken cancellationToken)
    {
        var settings = new StringBuilder()
            .AppendLine("listen_addresses = '127.0.0.1'")
            .AppendLine(CultureInfo.InvariantCulture, $"port = {Port}")
            .AppendLine("unix_socket_directories = ''")
            .AppendLine("timezone = 'UTC'")
            .AppendLine("log_timezone = 'UTC'")
            .AppendLine("max_connections = 300")
            .AppendLine("shared_buffers = '128MB'");
        if (_settings.IsDurabilityRelaxed)
        {
            // Test clusters trade durability for speed; they are deleted afterwards anyway.
            settings.AppendLine("fsync = off").AppendLine("synchronous_commit = off").AppendLine("full_page_writes = off");
        }

        var path = Path.Combine(ClusterDirectory, "devbot.conf");
        await File.WriteAllTextAsync(path, settings.ToString(), cancellationToken).ConfigureAwait(false);
        _runAs?.TakeOwnership(path);
    }

    private async Task StopLeftoverAsync(CancellationToken cancellationToken)
    {
        // A server left running by a process that was killed would hold the data folder; stop it first.
        var status = await RunToolAsync(_binaries.PgCtl, ["status", "-D", ClusterDirectory], cancellationToken).ConfigureAwait(false);
        if (status.ExitCode == 0)
        {
            _logger.LogWarning("A PostgreSQL server left running on {ClusterDirectory} is stopped before starting", ClusterDirectory);
            await RunToolAsync(_binaries.PgCtl, ["stop", "-D", ClusterDirectory, "-m", "fast", "-w", "-t", "60"], cancellationToken)
                .ConfigureAwait(false);
        }
    }

    private async Task StartServerAsync(CancellationToken cancellationToken)
    {
        var result = await RunToolAsync(_binaries.PgCtl, ["start", "-D", ClusterDirectory, "-l", LogFile, "-w", "-t", "60", "-s"], cancellationToken)
            .ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new EmbeddedPostgresException(
                $"PostgreSQL did not start (pg_ctl exit {result.ExitCode}): {result.Output.Trim()}\n--- {LogFile} (tail) ---\n{TailOfLog()}");
        }

        // Remembered so that a stop can wait for the process itself, also once its pid file is gone.
        _postmaster = PostmasterProcess.Find(ClusterDirectory);
        // pg_ctl -w returns once the server reports ready; a first connection confirms it is reachable on TCP.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres"));
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
            catch (NpgsqlException ex)
            {
                throw new EmbeddedPostgresException($"PostgreSQL started but does not accept connections on port {Port}: {ex.Message}", ex);
            }
        }
    }

    private async Task EnsureDatabaseAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres"));
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", name);
        if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
        {
            return;
        }

        var quoted = "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        await using var create = new NpgsqlCommand($"CREATE DATABASE {quoted}", connection);
        try
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Created concurrently by another caller: the outcome we wanted.
        }
    }

    private string TailOfLog()
    {
        try
        {
            var lines = File.ReadAllLines(LogFile);
            return string.Join('\n', lines.TakeLast(20));
        }
        catch (IOException)
        {
            return "(no log)";
        }
        catch (UnauthorizedAccessException)
        {
            return "(log not readable)";
        }
    }

    private Task<ProcessResult> RunToolAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        ProcessRunner.RunAsync(tool, arguments, DataDirectory, _runAs, ToolTimeout, cancellationToken);
}
