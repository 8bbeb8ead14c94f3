using DevBot.Data.Embedded;
using Npgsql;

namespace DevBot.Tests.Data;

public sealed class EmbeddedPostgresTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "devbot-embedded-test-" + Guid.NewGuid().ToString("N")[..10]);

    [Fact]
    public async Task StopThenStart_SameDataDirectory_KeepsDataAndPassword()
    {
        var settings = new EmbeddedPostgresSettings(_dataDirectory, "keepme");
        var first = await EmbeddedPostgres.StartAsync(settings);
        await ExecuteAsync(first.ConnectionString, "CREATE TABLE kept (value text); INSERT INTO kept VALUES ('still here')");
        await first.StopAsync();

        var second = await EmbeddedPostgres.StartAsync(settings);
        try
        {
            Assert.Equal("still here", await ScalarAsync(second.ConnectionString, "SELECT value FROM kept"));
            Assert.Equal("UTC", await ScalarAsync(second.ConnectionString, "SHOW timezone"));
            Assert.Equal("127.0.0.1", await ScalarAsync(second.ConnectionString, "SHOW listen_addresses"));
        }
        finally
        {
            await second.StopAsync();
        }
    }

    [Fact]
    public async Task Stop_LeavesNoServerProcess()
    {
        var server = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresSettings(_dataDirectory));
        var pidFile = Path.Combine(server.ClusterDirectory, "postmaster.pid");
        var pid = int.Parse(File.ReadLines(pidFile).First());
        Assert.True(ProcessIsAlive(pid));

        await server.StopAsync();

        Assert.False(File.Exists(pidFile));
        Assert.False(ProcessIsAlive(pid));
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ScalarAsync(server.ConnectionString, "SELECT 1"));
    }

    [Fact]
    public async Task StopNow_RunningServer_LeavesNoServerProcess()
    {
        var server = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresSettings(_dataDirectory));
        var pidFile = Path.Combine(server.ClusterDirectory, "postmaster.pid");
        var pid = int.Parse(File.ReadLines(pidFile).First());

        // What a second Ctrl-C does: no helper process, the postmaster signalled directly.
        var stopped = server.StopNow(TimeSpan.FromSeconds(5));

        Assert.True(stopped);
        Assert.False(ProcessIsAlive(pid));
        Assert.False(File.Exists(pidFile));
        await server.StopAsync();
    }

    [Fact]
    public async Task Start_WhileAServerIsLeftRunning_StopsLeftoverAndStarts()
    {
        var settings = new EmbeddedPostgresSettings(_dataDirectory);
        var leftover = await EmbeddedPostgres.StartAsync(settings);
        var leftoverPid = int.Parse(File.ReadLines(Path.Combine(leftover.ClusterDirectory, "postmaster.pid")).First());

        // As if the process that started it had been killed: nobody stops it, and a new process starts.
        var restarted = await EmbeddedPostgres.StartAsync(settings);
        try
        {
            Assert.False(ProcessIsAlive(leftoverPid));
            Assert.Equal("1", await ScalarAsync(restarted.ConnectionString, "SELECT 1::text"));
        }
        finally
        {
            await restarted.StopAsync();
        }
    }

    [Fact]
    public async Task Start_WithoutBinaries_FailsWithPackageAndDatabaseUrlHint()
    {
        var settings = new EmbeddedPostgresSettings(_dataDirectory, BinDirectory: Path.Combine(_dataDirectory, "no-such-bin"));

        var error = await Assert.ThrowsAsync<PostgresBinariesNotFoundException>(() => EmbeddedPostgres.StartAsync(settings));

        Assert.Contains("apt-get install postgresql", error.Message, StringComparison.Ordinal);
        Assert.Contains("DATABASE_URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Throwaway_Dispose_RemovesItsFolder()
    {
        var server = await EmbeddedPostgres.StartThrowawayAsync();
        var folder = server.DataDirectory;
        Assert.True(Directory.Exists(folder));

        await server.DisposeAsync();

        Assert.False(Directory.Exists(folder));
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private static bool ProcessIsAlive(int pid)
    {
        // The server is reparented when pg_ctl exits; an unreaped zombie has exited all the same.
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }

        var text = File.ReadAllText(stat);
        var state = text[(text.LastIndexOf(')') + 2)..].Split(' ')[0];
        return state != "Z" && state != "X";
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (string?)await command.ExecuteScalarAsync();
    }
}
