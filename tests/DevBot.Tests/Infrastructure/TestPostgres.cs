using DevBot.Data.Embedded;
using DevBot.Data.Migrations;
using Microsoft.Extensions.Logging.Abstractions;

namespace DevBot.Tests.Infrastructure;

/// <summary>
/// One throwaway PostgreSQL cluster for the whole test run (started on first use, removed at exit); each test
/// class or test that needs isolation gets a fresh, migrated database of its own in it.
/// </summary>
public static class TestPostgres
{
    private static readonly Lazy<Task<EmbeddedPostgres>> Server = new(StartAsync);

    public static Task<EmbeddedPostgres> GetServerAsync() => Server.Value;

    /// <summary>A new database with DevBot's schema applied; its connection string.</summary>
    public static async Task<string> CreateMigratedDatabaseAsync(string purpose = "t")
    {
        var connectionString = await CreateEmptyDatabaseAsync(purpose);
        await DatabaseMigrator.MigrateAsync(connectionString, NullLogger.Instance);
        return connectionString;
    }

    /// <summary>A new database with no schema at all.</summary>
    public static async Task<string> CreateEmptyDatabaseAsync(string purpose = "t")
    {
        var server = await GetServerAsync();
        var name = $"{purpose}_{Guid.NewGuid():N}"[..Math.Min(60, purpose.Length + 33)].ToLowerInvariant();
        return await server.CreateDatabaseAsync(name);
    }

    private static async Task<EmbeddedPostgres> StartAsync()
    {
        RemoveStaleClusters();
        var server = await EmbeddedPostgres.StartThrowawayAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server;
    }

    /// <summary>
    /// The test host may end before the exit handler has removed the folder; earlier runs' stopped clusters are
    /// removed here instead.
    /// </summary>
    private static void RemoveStaleClusters()
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), "devbot-pg-*"))
        {
            if (File.Exists(Path.Combine(folder, "cluster", "postmaster.pid"))
                || Directory.GetLastWriteTimeUtc(folder) > DateTime.UtcNow.AddHours(-1))
            {
                continue; // running, or another test run's (which may still be initialising it)
            }

            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a folder that is in use stays.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to remove.
            }
        }
    }
}
