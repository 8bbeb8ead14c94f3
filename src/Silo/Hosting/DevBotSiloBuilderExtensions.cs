using DevBot.Grains;
using Orleans.Configuration;

namespace DevBot.Silo.Hosting;

public static class DevBotSiloBuilderExtensions
{
    /// <summary>The ADO.NET invariant of Npgsql, by which Orleans' providers load it.</summary>
    public const string NpgsqlInvariant = "Npgsql";

    /// <summary>
    /// Membership, grain state and reminders on DevBot's PostgreSQL database (the schema DbUp applies).
    /// Used by the silo host and by the test clusters alike.
    /// </summary>
    public static ISiloBuilder AddDevBotPersistence(this ISiloBuilder silo, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        silo.UseAdoNetClustering(options =>
        {
            options.Invariant = NpgsqlInvariant;
            options.ConnectionString = connectionString;
        });
        silo.AddAdoNetGrainStorage(StorageNames.Main, options =>
        {
            options.Invariant = NpgsqlInvariant;
            options.ConnectionString = connectionString;
        });
        silo.UseAdoNetReminderService(options =>
        {
            options.Invariant = NpgsqlInvariant;
            options.ConnectionString = connectionString;
        });
        return silo;
    }

    /// <summary>Cluster identity from <see cref="SiloHostingOptions"/>.</summary>
    public static ISiloBuilder AddDevBotClusterIdentity(this ISiloBuilder silo, SiloHostingOptions options)
    {
        silo.Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = options.ClusterId;
            cluster.ServiceId = options.ServiceId;
        });
        return silo;
    }
}
