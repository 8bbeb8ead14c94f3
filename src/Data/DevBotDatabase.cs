using DevBot.Data.Embedded;
using DevBot.Data.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace DevBot.Data;

/// <summary>Resolves which PostgreSQL to use, starts the embedded one when none is configured, and migrates it.</summary>
public static class DevBotDatabase
{
    /// <summary>
    /// The configured connection string: <c>DATABASE_URL</c> first, then <c>ConnectionStrings:Postgres</c>, then
    /// <c>Database:ConnectionString</c>; null when none is set (the embedded server is used).
    /// </summary>
    public static string? ConfiguredConnectionString(IConfiguration configuration)
    {
        var value = configuration["DATABASE_URL"];
        if (string.IsNullOrWhiteSpace(value))
        {
            value = configuration.GetConnectionString("Postgres");
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            value = configuration[$"{DatabaseOptions.SectionName}:{nameof(DatabaseOptions.ConnectionString)}"];
        }

        return string.IsNullOrWhiteSpace(value) ? null : PostgresConnectionStrings.Normalize(value);
    }

    public static async Task<PreparedDatabase> PrepareAsync(IConfiguration configuration, ILoggerFactory loggerFactory, CancellationToken cancellationToken = default)
    {
        var logger = loggerFactory.CreateLogger(typeof(DevBotDatabase).FullName!);
        var options = new DatabaseOptions();
        configuration.GetSection(DatabaseOptions.SectionName).Bind(options);
        var connectionString = ConfiguredConnectionString(configuration);

        EmbeddedPostgres? embedded = null;
        if (connectionString is null)
        {
            logger.LogInformation("No DATABASE_URL set: starting the embedded PostgreSQL in {DataDirectory}", Path.GetFullPath(options.DataDirectory));
            embedded = await EmbeddedPostgres.StartAsync(EmbeddedPostgresSettings.From(options), loggerFactory.CreateLogger<EmbeddedPostgres>(), cancellationToken)
                .ConfigureAwait(false);
            connectionString = embedded.ConnectionString;
        }
        else
        {
            logger.LogInformation("Using PostgreSQL at {Connection}", PostgresConnectionStrings.Redact(connectionString));
        }

        try
        {
            await DatabaseMigrator.MigrateAsync(connectionString, logger, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            if (embedded is not null)
            {
                await embedded.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }

        return new PreparedDatabase(connectionString, embedded);
    }
}
