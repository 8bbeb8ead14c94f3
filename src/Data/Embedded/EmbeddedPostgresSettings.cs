namespace DevBot.Data.Embedded;

/// <summary>How to run one embedded PostgreSQL cluster.</summary>
/// <param name="DataDirectory">Folder for the cluster, its password and its log.</param>
/// <param name="DatabaseName">Database created on first start.</param>
/// <param name="BinDirectory">Folder of the server tools; found automatically when null.</param>
/// <param name="OsUser">Account the server runs as when this process is root.</param>
/// <param name="Port">Loopback port; 0 picks a free port at each start.</param>
/// <param name="Throwaway">A temporary cluster: its folder is deleted when disposed.</param>
/// <param name="RelaxedDurability">fsync and synchronous commit off (tests); defaults to <paramref name="Throwaway"/>.</param>
public sealed record EmbeddedPostgresSettings(
    string DataDirectory,
    string DatabaseName = "devbot",
    string? BinDirectory = null,
    string OsUser = "postgres",
    int Port = 0,
    bool Throwaway = false,
    bool? RelaxedDurability = null)
{
    public bool IsDurabilityRelaxed => RelaxedDurability ?? Throwaway;

    public static EmbeddedPostgresSettings From(DatabaseOptions options) =>
        new(options.DataDirectory, options.DatabaseName, options.PostgresBinDirectory, options.OsUser, options.Port);

    /// <summary>A cluster of its own under the system temp folder, removed again on dispose.</summary>
    public static EmbeddedPostgresSettings CreateThrowaway(string databaseName = "devbot", bool relaxedDurability = true) =>
        new(Path.Combine(Path.GetTempPath(), "devbot-pg-" + Guid.NewGuid().ToString("N")[..12]), databaseName, Throwaway: true,
            RelaxedDurability: relaxedDurability);
}
